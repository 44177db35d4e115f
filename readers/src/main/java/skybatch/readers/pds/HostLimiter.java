package skybatch.readers.pds;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the requests to each host within a number at a time and a number per second, whichever threads send them:
 * a PDS serves many accounts, and a backfill must not look like an attack on it.
 */
public final class HostLimiter {

    private final int concurrency;
    private final long intervalNanos;
    private final Map<String, Host> hosts = new ConcurrentHashMap<>();

    /** @param requestsPerSecond at most this many request starts per second and host; 0 or less: no rate limit */
    public HostLimiter(int concurrency, double requestsPerSecond) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency per host must be at least 1, not " + concurrency);
        }
        this.concurrency = concurrency;
        this.intervalNanos = requestsPerSecond <= 0 ? 0 : (long) (TimeUnit.SECONDS.toNanos(1) / requestsPerSecond);
    }

    /** Waits for a slot on {@code host}; the caller must {@link #release} it. */
    public void acquire(String host) throws InterruptedException {
        Host limits = hosts.computeIfAbsent(host, h -> new Host(new Semaphore(concurrency, true)));
        limits.slots.acquire();
        try {
            long wait = limits.reserveStart(intervalNanos);
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        } catch (InterruptedException e) {
            limits.slots.release();
            throw e;
        }
    }

    public void release(String host) {
        hosts.get(host).slots.release();
    }

    private static final class Host {
        private final Semaphore slots;
        private long nextStart = System.nanoTime();

        Host(Semaphore slots) {
            this.slots = slots;
        }

        /** Books the next free start time and returns how long to wait for it. */
        synchronized long reserveStart(long interval) {
            long now = System.nanoTime();
            long start = Math.max(now, nextStart);
            nextStart = start + interval;
            return start - now;
        }
    }
}
