package skybatch.readers.identity.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private static final Duration COOL_DOWN = Duration.ofSeconds(30);

    private final FakeClock clock = new FakeClock();
    private final CircuitBreaker breaker = new CircuitBreaker(3, COOL_DOWN, clock);

    @Test
    void opensAfterConsecutiveTransientFailuresOnly() {
        breaker.onTransientFailure();
        breaker.onTransientFailure();
        breaker.onAnswer();
        breaker.onTransientFailure();
        breaker.onTransientFailure();
        assertThat(breaker.isOpen()).isFalse();
        assertThat(breaker.tryAcquire()).isTrue();

        breaker.onTransientFailure();

        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.tryAcquire()).isFalse();
    }

    @Test
    void letsOneTrialThroughAfterTheCoolDownAndClosesOnItsSuccess() {
        open();
        clock.advance(COOL_DOWN);

        assertThat(breaker.isOpen()).isFalse();
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).as("a second request during the trial").isFalse();

        breaker.onAnswer();

        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void aFailedTrialOpensForAnotherCoolDown() {
        open();
        clock.advance(COOL_DOWN);
        assertThat(breaker.tryAcquire()).isTrue();

        breaker.onTransientFailure();

        assertThat(breaker.tryAcquire()).isFalse();
        clock.advance(COOL_DOWN.minusMillis(1));
        assertThat(breaker.tryAcquire()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(breaker.tryAcquire()).isTrue();
    }

    private void open() {
        for (int i = 0; i < 3; i++) {
            breaker.onTransientFailure();
        }
        assertThat(breaker.isOpen()).isTrue();
    }
}
