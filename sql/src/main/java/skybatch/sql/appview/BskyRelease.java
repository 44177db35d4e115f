package skybatch.sql.appview;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code @atproto/bsky} release whose database skybatch creates and fills, as {@code sql/reference/bsky-schema.sh}
 * recorded it from the npm package: its version ({@code bsky-version}, the one place that names it), the pg_dump of the
 * schema its migrations leave ({@code bsky-schema.sql}, schema {@value #DUMP_SCHEMA}) and the names of those
 * migrations in the order its migrator applies them ({@code bsky-migrations.txt}).
 */
public final class BskyRelease {

    /** The schema the dump was taken from; {@link AppViewSchema} puts its objects into the configured one. */
    public static final String DUMP_SCHEMA = "bsky";

    private static final String FOLDER = "/skybatch/sql/appview/";

    private BskyRelease() {}

    public static String version() {
        return resource("bsky-version").strip();
    }

    public static String schemaDump() {
        return resource("bsky-schema.sql");
    }

    public static List<String> migrationNames() {
        return resource("bsky-migrations.txt").lines().filter(line -> !line.isBlank()).toList();
    }

    private static String resource(String name) {
        try (InputStream in = BskyRelease.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + FOLDER + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
