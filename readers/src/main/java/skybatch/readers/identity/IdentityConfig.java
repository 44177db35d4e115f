package skybatch.readers.identity;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.ResolverConfig;
import skybatch.readers.net.AddressPolicy;

/**
 * How {@link IdentityNetwork} reaches the network. {@link #defaults()} is production; tests point the DNS, the
 * HTTP proxy and the PLC directory at a fixture on loopback and allow that address.
 */
public record IdentityConfig(Dns dns, Http http, URI plcUrl, Limits limits, AddressPolicy addresses) {

    public static final URI PLC_DIRECTORY = URI.create("https://plc.directory");

    /** The system's DNS servers, HTTPS on port 443, plc.directory, public addresses only. */
    public static IdentityConfig defaults() {
        return new IdentityConfig(Dns.system(), Http.https(), PLC_DIRECTORY, Limits.defaults(),
                AddressPolicy.publicOnly());
    }

    public IdentityConfig withDns(Dns dns) {
        return new IdentityConfig(dns, http, plcUrl, limits, addresses);
    }

    public IdentityConfig withHttp(Http http) {
        return new IdentityConfig(dns, http, plcUrl, limits, addresses);
    }

    public IdentityConfig withPlcUrl(URI plcUrl) {
        return new IdentityConfig(dns, http, plcUrl, limits, addresses);
    }

    public IdentityConfig withLimits(Limits limits) {
        return new IdentityConfig(dns, http, plcUrl, limits, addresses);
    }

    public IdentityConfig withAddresses(AddressPolicy addresses) {
        return new IdentityConfig(dns, http, plcUrl, limits, addresses);
    }

    /** The recursive DNS servers to ask (tried in turn) and how long to wait for one answer. */
    public record Dns(List<InetSocketAddress> servers, Duration timeout) {

        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

        public Dns {
            servers = List.copyOf(servers);
            if (servers.isEmpty()) {
                throw new IllegalArgumentException("no DNS server");
            }
        }

        /** The servers of the system's resolver configuration (/etc/resolv.conf and its equivalents). */
        public static Dns system() {
            return new Dns(ResolverConfig.getCurrentConfig().servers(), DEFAULT_TIMEOUT);
        }

        public static Dns servers(InetSocketAddress... servers) {
            return new Dns(List.of(servers), DEFAULT_TIMEOUT);
        }

        public Dns withTimeout(Duration timeout) {
            return new Dns(servers, timeout);
        }
    }

    /**
     * How to fetch well-known files and DID documents: the scheme and port used for handle and did:web hosts
     * ({@code -1} is the scheme's port), an optional proxy that receives every request, the timeout of one request,
     * how many redirects to follow, and the HTTP client's threads.
     *
     * <p>Without a proxy here, every request goes through the egress guard, which resolves and checks each host
     * on its own threads. {@code clientThreads} 0 keeps the JDK client's own pool, which grows as needed; behind a
     * configured proxy a fixed pool of a few threads costs less.
     */
    public record Http(String scheme, int port, Optional<InetSocketAddress> proxy, Duration timeout,
            int maxRedirects, String userAgent, int clientThreads) {

        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

        public static Http https() {
            return new Http("https", -1, Optional.empty(), DEFAULT_TIMEOUT, 3, "skybatch-identity", 0);
        }

        public Http withEndpoint(String scheme, int port) {
            return new Http(scheme, port, proxy, timeout, maxRedirects, userAgent, clientThreads);
        }

        /** Sends every request to the proxy, with a fixed pool of {@code clientThreads} (0: the JDK's pool). */
        public Http withProxy(InetSocketAddress proxy, int clientThreads) {
            return new Http(scheme, port, Optional.of(proxy), timeout, maxRedirects, userAgent, clientThreads);
        }

        public Http withTimeout(Duration timeout) {
            return new Http(scheme, port, proxy, timeout, maxRedirects, userAgent, clientThreads);
        }

        public Http withMaxRedirects(int maxRedirects) {
            return new Http(scheme, port, proxy, timeout, maxRedirects, userAgent, clientThreads);
        }
    }

    /** The limits of one host: requests at once, and a rate with its burst. */
    public record HostLimits(int maxConcurrent, double perSecond, int burst) {}

    /**
     * Requests in flight in all (DNS queries and HTTP requests), per-host limits with exceptions by host name, how
     * many hosts to keep limits for, the circuit breaker (consecutive transient failures, cool-down), retries of
     * transient failures (count, first delay, doubling) and the longest a request waits for its host's rate limit.
     */
    public record Limits(int maxInFlight, HostLimits perHost, Map<String, HostLimits> hosts, int maxTrackedHosts,
            int breakerFailures, Duration breakerCoolDown, int retries, Duration retryDelay, Duration maxRateWait) {

        public Limits {
            hosts = Map.copyOf(hosts);
        }

        public static Limits defaults() {
            return new Limits(512, new HostLimits(8, 20, 20), Map.of(), 100_000, 5, Duration.ofSeconds(30), 2,
                    Duration.ofMillis(200), Duration.ofSeconds(2));
        }

        public HostLimits forHost(String host) {
            return hosts.getOrDefault(host, perHost);
        }

        public Limits withMaxInFlight(int maxInFlight) {
            return new Limits(maxInFlight, perHost, hosts, maxTrackedHosts, breakerFailures, breakerCoolDown,
                    retries, retryDelay, maxRateWait);
        }

        public Limits withPerHost(HostLimits perHost) {
            return new Limits(maxInFlight, perHost, hosts, maxTrackedHosts, breakerFailures, breakerCoolDown,
                    retries, retryDelay, maxRateWait);
        }

        /** Other limits for one host, such as the PLC directory. */
        public Limits withHost(String host, HostLimits limits) {
            Map<String, HostLimits> updated = new HashMap<>(hosts);
            updated.put(host, limits);
            return new Limits(maxInFlight, perHost, updated, maxTrackedHosts, breakerFailures, breakerCoolDown,
                    retries, retryDelay, maxRateWait);
        }

        public Limits withBreaker(int failures, Duration coolDown) {
            return new Limits(maxInFlight, perHost, hosts, maxTrackedHosts, failures, coolDown, retries, retryDelay,
                    maxRateWait);
        }

        public Limits withRetries(int retries, Duration firstDelay) {
            return new Limits(maxInFlight, perHost, hosts, maxTrackedHosts, breakerFailures, breakerCoolDown,
                    retries, firstDelay, maxRateWait);
        }

        public Limits withMaxRateWait(Duration maxRateWait) {
            return new Limits(maxInFlight, perHost, hosts, maxTrackedHosts, breakerFailures, breakerCoolDown,
                    retries, retryDelay, maxRateWait);
        }
    }
}
