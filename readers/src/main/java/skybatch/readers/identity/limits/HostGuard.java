package skybatch.readers.identity.limits;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import skybatch.readers.identity.Failure;
import skybatch.readers.identity.Reason;
import skybatch.readers.identity.ResolutionException;
import skybatch.readers.identity.Source;

/**
 * The limits of one host: its circuit breaker, its rate limit and its cap on concurrent requests. A request that
 * the breaker refuses, or that the rate limit would delay too long, fails at once without reaching the host.
 */
public final class HostGuard {

    private final String host;
    private final CircuitBreaker breaker;
    private final RateLimiter rateLimiter;
    private final AsyncSemaphore concurrency;
    private final long maxRateWaitNanos;

    public HostGuard(String host, CircuitBreaker breaker, RateLimiter rateLimiter, AsyncSemaphore concurrency,
            Duration maxRateWait) {
        this.host = host;
        this.breaker = breaker;
        this.rateLimiter = rateLimiter;
        this.concurrency = concurrency;
        this.maxRateWaitNanos = maxRateWait.toNanos();
    }

    /** Runs one request to the host within its limits; {@code source} names the resolution step in failures. */
    public <T> CompletableFuture<T> run(Source source, Supplier<CompletableFuture<T>> request) {
        if (breaker.isOpen()) {
            return circuitOpen(source);
        }
        long wait = rateLimiter.reserve(maxRateWaitNanos);
        if (wait < 0) {
            return CompletableFuture.failedFuture(new ResolutionException(
                    new Failure(Reason.RATE_LIMITED, source, "rate limit of " + host + " would wait too long")));
        }
        return Delays.after(wait, TimeUnit.NANOSECONDS)
                .thenCompose(ignored -> concurrency.run(() -> sendIfClosed(source, request)));
    }

    private <T> CompletableFuture<T> sendIfClosed(Source source, Supplier<CompletableFuture<T>> request) {
        if (!breaker.tryAcquire()) {
            return circuitOpen(source);
        }
        return request.get().whenComplete((result, error) -> {
            if (error != null && ResolutionException.isTransient(error)) {
                breaker.onTransientFailure();
            } else {
                breaker.onAnswer();
            }
        });
    }

    private <T> CompletableFuture<T> circuitOpen(Source source) {
        return CompletableFuture.failedFuture(new ResolutionException(
                new Failure(Reason.CIRCUIT_OPEN, source, "circuit of " + host + " is open")));
    }
}
