package skybatch.readers.identity;

import java.io.IOException;
import java.net.ProxySelector;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import skybatch.readers.identity.dns.DnsClient;
import skybatch.readers.identity.dns.DnsHandleResolver;
import skybatch.readers.identity.http.DidWebSource;
import skybatch.readers.identity.http.HttpFetcher;
import skybatch.readers.identity.http.PlcDirectorySource;
import skybatch.readers.identity.http.WellKnownHandleResolver;
import skybatch.readers.identity.limits.AsyncSemaphore;
import skybatch.readers.identity.limits.HostGuards;
import skybatch.readers.identity.limits.Retrier;
import skybatch.readers.net.EgressGuard;
import skybatch.readers.net.HostResolver;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;

/**
 * Identity resolution over the network, wired from an {@link IdentityConfig}: handles by DNS then the HTTPS
 * well-known, documents from the PLC directory or did:web hosts, all sharing one set of limits. Use it as a
 * directory, or take its resolvers, combined or one by one, to build another (for example with a store of documents
 * asked first). Close it to stop its threads.
 */
public final class IdentityNetwork implements IdentityDirectory, AutoCloseable {

    private final ExecutorService dnsCallbacks;
    private final Optional<ExecutorService> httpClientThreads;
    private final Optional<EgressGuard> egress;
    private final DnsHandleResolver dnsHandles;
    private final WellKnownHandleResolver wellKnownHandles;
    private final PlcDirectorySource plcDocuments;
    private final DidWebSource webDocuments;
    private final HandleResolver handles;
    private final DidDocumentSource documents;
    private final IdentityDirectory directory;

    private IdentityNetwork(IdentityConfig config) {
        IdentityConfig.Limits limits = config.limits();
        AsyncSemaphore inFlight = new AsyncSemaphore(limits.maxInFlight());
        Retrier retrier = new Retrier(limits.retries(), limits.retryDelay());
        this.dnsCallbacks = Executors.newFixedThreadPool(2, daemonThreads("identity-dns-"));
        DnsClient dns = new DnsClient(config.dns(), inFlight, retrier, dnsCallbacks);
        int clientThreads = config.http().clientThreads();
        this.httpClientThreads = clientThreads > 0
                ? Optional.of(Executors.newFixedThreadPool(clientThreads, daemonThreads("identity-http-")))
                : Optional.empty();
        // Without a proxy of the configuration, requests go through an egress guard that resolves with the same
        // DNS servers and address cache as the checks before each request.
        this.egress = config.http().proxy().isPresent() ? Optional.empty()
                : Optional.of(EgressGuard.start(config.addresses(), resolver(dns.outsideCap())));
        ProxySelector proxy = config.http().proxy().map(ProxySelector::of)
                .orElseGet(() -> egress.orElseThrow().proxySelector());
        HttpFetcher http = new HttpFetcher(config.http(), httpClientThreads.map(Executor.class::cast),
                config.addresses(), proxy, dns, new HostGuards(limits, System::nanoTime), inFlight, retrier);
        this.dnsHandles = new DnsHandleResolver(dns);
        this.wellKnownHandles = new WellKnownHandleResolver(http);
        this.plcDocuments = new PlcDirectorySource(http, config.plcUrl());
        this.webDocuments = new DidWebSource(http);
        this.handles = new FallbackHandleResolver(dnsHandles, wellKnownHandles);
        this.documents = new ByMethodDidDocumentSource(plcDocuments, webDocuments);
        this.directory = new BasicDirectory(handles, documents);
    }

    public static IdentityNetwork create(IdentityConfig config) {
        return new IdentityNetwork(config);
    }

    /** DNS TXT first, the HTTPS well-known when DNS has no answer. */
    public HandleResolver handles() {
        return handles;
    }

    /** The PLC directory for did:plc, the host's well-known did.json for did:web. */
    public DidDocumentSource documents() {
        return documents;
    }

    public DnsHandleResolver dnsHandles() {
        return dnsHandles;
    }

    public WellKnownHandleResolver wellKnownHandles() {
        return wellKnownHandles;
    }

    public PlcDirectorySource plcDocuments() {
        return plcDocuments;
    }

    public DidWebSource webDocuments() {
        return webDocuments;
    }

    @Override
    public CompletableFuture<Identity> lookupHandle(Handle handle) {
        return directory.lookupHandle(handle);
    }

    @Override
    public CompletableFuture<Identity> lookupDid(Did did) {
        return directory.lookupDid(did);
    }

    @Override
    public void close() {
        dnsCallbacks.shutdown();
        httpClientThreads.ifPresent(ExecutorService::shutdown);
        egress.ifPresent(EgressGuard::close);
    }

    private static HostResolver resolver(DnsClient dns) {
        return host -> {
            try {
                return dns.addresses(host, Source.HTTP).join();
            } catch (CompletionException e) {
                throw new IOException("cannot resolve " + host + ": " + ResolutionException.unwrap(e).getMessage());
            }
        };
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
