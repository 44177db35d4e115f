package skybatch.readers.identity.testing;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** What one host (or DNS name) of the fixture received: requests, when they arrived, and how many were open at once. */
public final class HostTraffic {

    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> targets = new ConcurrentLinkedQueue<>();

    void begin(String target) {
        targets.add(target);
        begin();
    }

    void begin() {
        requests.incrementAndGet();
        arrivals.add(System.nanoTime());
        maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
    }

    void end() {
        open.decrementAndGet();
    }

    /** A request answered at once, such as a DNS query. */
    void arrived() {
        begin();
        end();
    }

    public int requests() {
        return requests.get();
    }

    /** The most requests that were being answered at the same time. */
    public int maxConcurrent() {
        return maxOpen.get();
    }

    /** What each HTTP request asked for, as its request line named it (an absolute URI when proxied). */
    public List<String> targets() {
        return List.copyOf(targets);
    }

    /** {@link System#nanoTime()} of each request's arrival, in order. */
    public List<Long> arrivalNanos() {
        return List.copyOf(arrivals);
    }
}
