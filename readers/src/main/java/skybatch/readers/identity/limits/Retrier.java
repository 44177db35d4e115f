package skybatch.readers.identity.limits;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.util.backoff.BackOffExecution;
import skybatch.readers.identity.Reason;
import skybatch.readers.identity.ResolutionException;

/**
 * Retries an asynchronous attempt after transient failures, with the exponential backoff of a Spring {@link
 * RetryPolicy}. Spring's RetryTemplate sleeps between attempts; here the wait is a delayed future instead, so no
 * thread is held. Failures that our own limits decided (open circuit, rate limit) are not retried: they would be
 * decided the same way a moment later.
 */
public final class Retrier {

    private final RetryPolicy policy;

    public Retrier(int maxRetries, Duration firstDelay) {
        this.policy = RetryPolicy.builder()
                .maxRetries(maxRetries)
                .delay(firstDelay)
                .multiplier(2)
                .jitter(firstDelay.dividedBy(4))
                .predicate(Retrier::isRetryable)
                .build();
    }

    public <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> attempt) {
        return run(attempt, policy.getBackOff().start());
    }

    private <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> attempt, BackOffExecution backOff) {
        return attempt.get().handle((result, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(result);
            }
            Throwable cause = ResolutionException.unwrap(error);
            long delayMillis = policy.shouldRetry(cause) ? backOff.nextBackOff() : BackOffExecution.STOP;
            if (delayMillis == BackOffExecution.STOP) {
                return CompletableFuture.<T>failedFuture(cause);
            }
            return Delays.after(delayMillis, TimeUnit.MILLISECONDS).thenCompose(ignored -> run(attempt, backOff));
        }).thenCompose(next -> next);
    }

    private static boolean isRetryable(Throwable error) {
        return error instanceof ResolutionException e && e.failure().isTransient()
                && e.failure().reason() != Reason.CIRCUIT_OPEN && e.failure().reason() != Reason.RATE_LIMITED;
    }
}
