package skybatch.readers.identity.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import skybatch.readers.identity.Failure;
import skybatch.readers.identity.Reason;
import skybatch.readers.identity.ResolutionException;
import skybatch.readers.identity.Source;
import skybatch.readers.identity.testing.Outcomes;

class RetrierTest {

    private static final Duration DELAY = Duration.ofMillis(20);

    private final Retrier retrier = new Retrier(2, DELAY);
    private final AtomicInteger attempts = new AtomicInteger();

    private CompletableFuture<String> failingTimes(int failures, Reason reason) {
        return retrier.run(() -> attempts.incrementAndGet() <= failures
                ? CompletableFuture.failedFuture(new ResolutionException(new Failure(reason, Source.HTTP, "test")))
                : CompletableFuture.completedFuture("answer"));
    }

    @Test
    void retriesTransientFailuresWithGrowingDelays() {
        long start = System.nanoTime();

        assertThat(failingTimes(2, Reason.TIMEOUT).join()).isEqualTo("answer");

        assertThat(attempts).hasValue(3);
        // 20 ms then 40 ms, each less a quarter of jitter at most
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(45));
    }

    @Test
    void givesUpAfterTheLastRetry() {
        assertThat(Outcomes.failureOf(failingTimes(3, Reason.SERVER_ERROR)).reason()).isEqualTo(Reason.SERVER_ERROR);
        assertThat(attempts).hasValue(3);
    }

    @Test
    void doesNotRetryDefinitiveFailuresNorItsOwnLimits() {
        for (Reason reason : new Reason[] {Reason.NOT_FOUND, Reason.CIRCUIT_OPEN, Reason.RATE_LIMITED}) {
            attempts.set(0);

            assertThat(Outcomes.failureOf(failingTimes(1, reason)).reason()).isEqualTo(reason);
            assertThat(attempts).as(reason.name()).hasValue(1);
        }
    }
}
