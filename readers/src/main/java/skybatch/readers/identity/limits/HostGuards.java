package skybatch.readers.identity.limits;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import skybatch.readers.identity.IdentityConfig;

/**
 * The {@link HostGuard} of each host, created on first use. Only the most recently used hosts are kept, so that
 * memory stays bounded over millions of handles; a host evicted while busy starts afresh on its next request.
 */
public final class HostGuards {

    private final IdentityConfig.Limits limits;
    private final LongSupplier nanoClock;
    private final Map<String, HostGuard> guards;

    public HostGuards(IdentityConfig.Limits limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.nanoClock = nanoClock;
        this.guards = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, HostGuard> eldest) {
                return size() > limits.maxTrackedHosts();
            }
        };
    }

    public synchronized HostGuard forHost(String host) {
        return guards.computeIfAbsent(host, this::create);
    }

    private HostGuard create(String host) {
        IdentityConfig.HostLimits hostLimits = limits.forHost(host);
        Duration coolDown = limits.breakerCoolDown();
        return new HostGuard(host,
                new CircuitBreaker(limits.breakerFailures(), coolDown, nanoClock),
                new RateLimiter(hostLimits.perSecond(), hostLimits.burst(), nanoClock),
                new AsyncSemaphore(hostLimits.maxConcurrent()),
                limits.maxRateWait());
    }
}
