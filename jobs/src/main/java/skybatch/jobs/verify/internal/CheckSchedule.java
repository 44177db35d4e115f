package skybatch.jobs.verify.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When a DID is due again after a check: valid handles after a day, invalid ones after a week, tombstones never
 * (until a newer PLC operation). Transient failures back off 1 h, 6 h, 1 d; after that many consecutive failures
 * the DID waits for the weekly cycle.
 */
public record CheckSchedule(Duration validFor, Duration invalidFor, List<Duration> failureBackoff) {

    public static CheckSchedule defaults() {
        return new CheckSchedule(Duration.ofDays(1), Duration.ofDays(7),
                List.of(Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1)));
    }

    public Instant afterValid(Instant now) {
        return now.plus(validFor);
    }

    public Instant afterInvalid(Instant now) {
        return now.plus(invalidFor);
    }

    /** @param failures consecutive transient failures, this one included (1, 2, ...) */
    public Instant afterFailure(Instant now, int failures) {
        return failures <= failureBackoff.size() ? now.plus(failureBackoff.get(failures - 1)) : now.plus(invalidFor);
    }
}
