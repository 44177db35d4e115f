package skybatch.readers.support;

import java.net.http.HttpResponse;
import java.time.Duration;

/** How long a 429 or 503 asks the client to wait: its Retry-After in seconds, capped; 1 s when absent or a date. */
public final class RetryAfter {

    private static final Duration DEFAULT = Duration.ofSeconds(1);

    private RetryAfter() {}

    public static Duration of(HttpResponse<?> response, Duration max) {
        return response.headers().firstValue("Retry-After").map(value -> {
            try {
                Duration asked = Duration.ofSeconds(Long.parseLong(value.trim()));
                return asked.compareTo(max) > 0 ? max : asked;
            } catch (NumberFormatException httpDate) {
                return DEFAULT;
            }
        }).orElse(DEFAULT);
    }
}
