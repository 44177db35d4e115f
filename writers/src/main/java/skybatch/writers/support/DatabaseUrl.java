package skybatch.writers.support;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Turns the two usual ways of naming a PostgreSQL database into a JDBC URL: {@code jdbc:postgresql:...} passes
 * through, {@code postgresql://user:pass@host:port/db?params} (or {@code postgres://}) is converted.
 */
public final class DatabaseUrl {

    private DatabaseUrl() {}

    public static String toJdbc(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return url;
        }
        if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
            throw new IllegalArgumentException("DATABASE_URL must start with postgresql://, postgres:// or "
                    + "jdbc:postgresql:, not '" + url.replaceAll(":[^:@/]*@", ":***@") + "'");
        }
        URI uri = URI.create(url);
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
        if (uri.getPort() > 0) {
            jdbc.append(':').append(uri.getPort());
        }
        jdbc.append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/postgres" : uri.getRawPath());
        StringBuilder params = new StringBuilder(uri.getRawQuery() == null ? "" : uri.getRawQuery());
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            String[] parts = userInfo.split(":", 2);
            append(params, "user", decode(parts[0]));
            if (parts.length == 2) {
                append(params, "password", decode(parts[1]));
            }
        }
        return params.length() == 0 ? jdbc.toString() : jdbc.append('?').append(params).toString();
    }

    private static void append(StringBuilder params, String name, String value) {
        if (params.length() > 0) {
            params.append('&');
        }
        params.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
