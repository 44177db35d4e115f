package skybatch.readers.support;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Whether the run that reads is to stop (a job stop, the application closing), and waits that end early when it is:
 * a retry's backoff or a 429's Retry-After must not keep a stopping run alive for minutes, nor a slow download.
 * The supplier may be asked from several threads at once.
 */
public final class StopRequest {

    /** How often a wait looks at the request. */
    private static final long SLICE_MILLIS = 100;

    /** Never stops: a one-off read that is not part of a stoppable run. */
    public static final StopRequest NEVER = new StopRequest(() -> false);

    private final BooleanSupplier requested;

    public StopRequest(BooleanSupplier requested) {
        this.requested = requested;
    }

    public boolean requested() {
        return requested.getAsBoolean();
    }

    /**
     * Runs {@code onStop} on {@code scheduler}'s thread when a stop is asked, looking every {@value #SLICE_MILLIS} ms
     * until the returned watch is cancelled: for a read that blocks, which only closing its stream ends. It may run
     * more than once.
     */
    public ScheduledFuture<?> watch(ScheduledExecutorService scheduler, Runnable onStop) {
        return scheduler.scheduleWithFixedDelay(() -> {
            if (requested()) {
                onStop.run();
            }
        }, SLICE_MILLIS, SLICE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Waits {@code wait}, or less when a stop is asked meanwhile; true when the whole wait passed. */
    public boolean await(Duration wait) throws InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            if (requested()) {
                return false;
            }
            Thread.sleep(Math.min(SLICE_MILLIS, Math.max(1, left / 1_000_000)));
        }
        return !requested();
    }

    /**
     * The policy, retrying only while no stop is asked. Its backoff waits here, where a stop cuts the wait short and
     * ends the retries, and hands RetryTemplate a delay of zero.
     */
    public RetryPolicy guard(RetryPolicy policy) {
        return new RetryPolicy() {
            @Override
            public boolean shouldRetry(Throwable failure) {
                return !requested() && policy.shouldRetry(failure);
            }

            @Override
            public Duration getTimeout() {
                return policy.getTimeout();
            }

            @Override
            public BackOff getBackOff() {
                BackOff backOff = policy.getBackOff();
                return () -> stoppable(backOff.start());
            }
        };
    }

    private BackOffExecution stoppable(BackOffExecution execution) {
        return () -> {
            long delay = execution.nextBackOff();
            if (delay == BackOffExecution.STOP) {
                return BackOffExecution.STOP;
            }
            try {
                return await(Duration.ofMillis(delay)) ? 0 : BackOffExecution.STOP;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return BackOffExecution.STOP;
            }
        };
    }
}
