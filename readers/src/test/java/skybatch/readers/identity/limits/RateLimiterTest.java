package skybatch.readers.identity.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final long NO_LIMIT = Long.MAX_VALUE;
    private static final long MS = 1_000_000;

    private final FakeClock clock = new FakeClock();

    @Test
    void aBurstGoesAtOnceAndTheRestIsSpacedOut() {
        RateLimiter limiter = new RateLimiter(10, 2, clock);

        assertThat(limiter.reserve(NO_LIMIT)).isZero();
        assertThat(limiter.reserve(NO_LIMIT)).isZero();
        assertThat(limiter.reserve(NO_LIMIT)).isEqualTo(100 * MS);
        assertThat(limiter.reserve(NO_LIMIT)).isEqualTo(200 * MS);
    }

    @Test
    void unusedTimeRefillsTheBurstButNoMore() {
        RateLimiter limiter = new RateLimiter(10, 2, clock);
        limiter.reserve(NO_LIMIT);
        limiter.reserve(NO_LIMIT);

        clock.advance(Duration.ofSeconds(10));

        assertThat(limiter.reserve(NO_LIMIT)).isZero();
        assertThat(limiter.reserve(NO_LIMIT)).isZero();
        assertThat(limiter.reserve(NO_LIMIT)).isEqualTo(100 * MS);
    }

    @Test
    void aWaitLongerThanAllowedReservesNothing() {
        RateLimiter limiter = new RateLimiter(1, 1, clock);
        limiter.reserve(NO_LIMIT);

        assertThat(limiter.reserve(500 * MS)).isEqualTo(-1);
        assertThat(limiter.reserve(NO_LIMIT)).isEqualTo(1000 * MS);
    }
}
