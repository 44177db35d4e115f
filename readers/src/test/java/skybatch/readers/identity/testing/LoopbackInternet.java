package skybatch.readers.identity.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import skybatch.readers.did.DidDocument;
import skybatch.readers.identity.IdentityConfig;
import skybatch.readers.net.AddressPolicy;
import skybatch.readers.net.Cidr;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;

/**
 * The internet of identity resolution, on 127.0.0.1: a DNS server (UDP and TCP) and an HTTP server that plays
 * every host, the PLC directory {@value #PLC_HOST} included. {@link #config()} points a resolver at it: the DNS
 * server as resolver, the HTTP server as proxy for every request (so nothing is ever sent elsewhere, even to an
 * address a test makes a host resolve to), timeouts of a second, no retries, and 127.0.0.1 allowed.
 *
 * <p>Hosts that get content resolve to 127.0.0.1 unless {@link #address} says otherwise. Every answer can be
 * delayed ({@link #latency}) or replaced by a fault, for good or for a number of requests.
 */
public final class LoopbackInternet implements AutoCloseable {

    public static final String PLC_HOST = "plc.test";
    /** The timeouts of {@link #config()}: long enough for the first requests of a cold JVM on a slow machine. */
    public static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** A timeout for tests of timeouts and cool-downs, which wait for it. */
    public static final Duration SHORT = Duration.ofMillis(200);

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "fixture-latency");
        thread.setDaemon(true);
        return thread;
    });
    private volatile long latencyMillis;
    private volatile boolean recording = true;
    private final FixtureDns dns;
    private final FixtureHttp http;

    private LoopbackInternet() throws IOException {
        this.dns = new FixtureDns(scheduler, () -> latencyMillis, () -> recording);
        this.http = new FixtureHttp(scheduler, () -> latencyMillis, () -> recording);
        onLoopback(PLC_HOST);
    }

    public static LoopbackInternet start() throws IOException {
        return new LoopbackInternet();
    }

    /** A configuration that resolves everything here; tests adjust limits and timeouts with its withers. */
    public IdentityConfig config() {
        InetSocketAddress httpAddress = http.address();
        return IdentityConfig.defaults()
                .withDns(IdentityConfig.Dns.servers(dns.address()).withTimeout(TIMEOUT))
                .withHttp(IdentityConfig.Http.https()
                        .withEndpoint("http", httpAddress.getPort())
                        .withProxy(httpAddress, 2)
                        .withTimeout(TIMEOUT))
                .withPlcUrl(URI.create("http://" + PLC_HOST + ":" + httpAddress.getPort()))
                .withLimits(IdentityConfig.Limits.defaults()
                        .withPerHost(new IdentityConfig.HostLimits(64, 100_000, 100_000))
                        .withBreaker(5, SHORT)
                        .withRetries(0, Duration.ofMillis(10)))
                .withAddresses(AddressPolicy.publicOnly().allowing("127.0.0.1"));
    }

    public InetSocketAddress dnsAddress() {
        return dns.address();
    }

    public InetSocketAddress httpAddress() {
        return http.address();
    }

    /** Delays every DNS and HTTP answer from now on. */
    public void latency(Duration latency) {
        this.latencyMillis = latency.toMillis();
    }

    /**
     * Whether requests are counted in the traffic of their host (on by default). Each request adds to that record,
     * so a benchmark turns it off to keep the fixture's memory out of what it measures.
     */
    public void recordTraffic(boolean on) {
        this.recording = on;
    }

    // DNS

    public void txt(String name, String... values) {
        dns.txt(name, List.of(values));
    }

    /** Makes a host resolve to an address: never contacted, since every request goes to this fixture. */
    public void address(String host, String address) {
        dns.address(host, Cidr.parseLiteral(address)
                .orElseThrow(() -> new IllegalArgumentException("not an IP address: " + address)));
    }

    /** Makes a host answer {@code first} to its first A query and {@code then} to the next ones (DNS rebinding). */
    public void rebinding(String host, String first, String then) {
        dns.rebinding(host, Cidr.parseLiteral(first).orElseThrow(), Cidr.parseLiteral(then).orElseThrow());
    }

    public void dnsFault(String name, DnsFault fault) {
        dnsFault(name, fault, Integer.MAX_VALUE);
    }

    /** A fault for the next {@code times} queries of the name, of any type. */
    public void dnsFault(String name, DnsFault fault, int times) {
        dns.fault(name, fault, times);
    }

    public HostTraffic dnsTraffic(String name) {
        return dns.traffic(name);
    }

    // HTTP

    /** The body of {@code /.well-known/atproto-did} on the host. */
    public void wellKnown(String host, String body) {
        content(host, "/.well-known/atproto-did", 200, "text/plain", body);
    }

    /** The body of {@code /.well-known/did.json} on the host. */
    public void didJson(String host, String body) {
        content(host, "/.well-known/did.json", 200, "application/json", body);
    }

    public void plcDocument(Did did, String json) {
        http.put(PLC_HOST, "/" + did.value(), 200, "application/json", json);
    }

    /** The PLC directory answers 410 Gone, as it does for a tombstoned DID. */
    public void plcTombstone(Did did) {
        http.put(PLC_HOST, "/" + did.value(), 410, "application/json", "{\"message\":\"DID not available\"}");
    }

    public void content(String host, String path, int status, String contentType, String body) {
        onLoopback(host);
        http.put(host, path, status, contentType, body);
    }

    public void httpFault(String host, HttpFault fault) {
        httpFault(host, fault, Integer.MAX_VALUE);
    }

    /** A fault for the next {@code times} requests to the host. */
    public void httpFault(String host, HttpFault fault, int times) {
        onLoopback(host);
        http.fault(host, fault, times);
    }

    public void clearHttpFault(String host) {
        http.clearFault(host);
    }

    public HostTraffic httpTraffic(String host) {
        return http.traffic(host);
    }

    /** The HTTP requests of all hosts together. */
    public HostTraffic httpTotal() {
        return http.total();
    }

    // Accounts

    /** The handle's DNS TXT record names the DID. */
    public void publishDns(Handle handle, Did did) {
        txt("_atproto." + handle.value(), "did=" + did.value());
    }

    /** The handle's well-known names the DID. */
    public void publishWellKnown(Handle handle, Did did) {
        wellKnown(handle.value(), did.value() + "\n");
    }

    /** Serves the document: from the PLC directory for did:plc, from its host for did:web. */
    public void publishDocument(DidDocument document) {
        Did did = document.id();
        if (did.isPlc()) {
            plcDocument(did, document.toJson());
        } else {
            String host = did.value().substring("did:web:".length()).replaceFirst("(?i)%3A[0-9]+$", "");
            didJson(host, document.toJson());
        }
    }

    private void onLoopback(String host) {
        if (Cidr.parseLiteral(host).isEmpty() && !dns.hasRecords(host)) {
            dns.address(host, InetAddress.getLoopbackAddress());
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
        dns.close();
        scheduler.shutdownNow();
    }
}
