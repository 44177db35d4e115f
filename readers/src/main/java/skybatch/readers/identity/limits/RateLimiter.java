package skybatch.readers.identity.limits;

import java.util.function.LongSupplier;

/**
 * A rate limit as the generic cell rate algorithm: one request per interval on average, with bursts of up to
 * {@code burst} requests. Callers reserve a slot and wait the time it returns, so nothing blocks here.
 */
public final class RateLimiter {

    private final LongSupplier nanoClock;
    private final long intervalNanos;
    private final long burstToleranceNanos;
    private long theoreticalArrival;

    public RateLimiter(double perSecond, int burst, LongSupplier nanoClock) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate and burst must be positive: " + perSecond + ", " + burst);
        }
        this.nanoClock = nanoClock;
        this.intervalNanos = (long) (1_000_000_000L / perSecond);
        this.burstToleranceNanos = (burst - 1) * intervalNanos;
        this.theoreticalArrival = nanoClock.getAsLong();
    }

    /**
     * Reserves the next slot and returns how many nanoseconds to wait for it, or -1 without reserving anything
     * when the wait would be longer than {@code maxWaitNanos}.
     */
    public synchronized long reserve(long maxWaitNanos) {
        long now = nanoClock.getAsLong();
        long arrival = Math.max(theoreticalArrival, now);
        long wait = Math.max(0, arrival - burstToleranceNanos - now);
        if (wait > maxWaitNanos) {
            return -1;
        }
        theoreticalArrival = arrival + intervalNanos;
        return wait;
    }
}
