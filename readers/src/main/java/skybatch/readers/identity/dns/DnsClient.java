package skybatch.readers.identity.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupFailedException;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;
import org.xbill.DNS.lookup.ServerFailedException;
import skybatch.readers.identity.Failure;
import skybatch.readers.identity.IdentityConfig;
import skybatch.readers.identity.Reason;
import skybatch.readers.identity.ResolutionException;
import skybatch.readers.identity.Source;
import skybatch.readers.identity.limits.AsyncSemaphore;
import skybatch.readers.identity.limits.Retrier;

/**
 * Asks the configured DNS servers, within the global cap on requests in flight, retrying transient failures.
 * TXT answers are never cached here (a handle's record is read as it is now); host addresses are, for their TTL,
 * since the same few hosts (the PLC directory) are asked for again and again.
 */
public final class DnsClient {

    private final LookupSession uncached;
    private final LookupSession cached;
    private final long timeoutMillis;
    private final AsyncSemaphore inFlight;
    private final Retrier retrier;

    public DnsClient(IdentityConfig.Dns config, AsyncSemaphore inFlight, Retrier retrier, Executor executor) {
        Resolver resolver = resolver(config);
        this.uncached = LookupSession.builder().resolver(resolver).executor(executor).build();
        this.cached = LookupSession.builder().resolver(resolver).executor(executor).cache(new Cache(DClass.IN))
                .build();
        this.timeoutMillis = config.timeout().toMillis();
        this.inFlight = inFlight;
        this.retrier = retrier;
    }

    private DnsClient(DnsClient shared, AsyncSemaphore inFlight) {
        this.uncached = shared.uncached;
        this.cached = shared.cached;
        this.timeoutMillis = shared.timeoutMillis;
        this.inFlight = inFlight;
        this.retrier = shared.retrier;
    }

    /**
     * The same servers and address cache, its queries outside the cap on requests in flight: for lookups made on
     * behalf of a request that already holds its place there (the egress guard's), which would otherwise wait for
     * places that only their own requests can free.
     */
    public DnsClient outsideCap() {
        return new DnsClient(this, new AsyncSemaphore(Integer.MAX_VALUE));
    }

    private static Resolver resolver(IdentityConfig.Dns config) {
        List<Resolver> servers = config.servers().stream().<Resolver>map(SimpleResolver::new).toList();
        Resolver resolver = servers.size() == 1 ? servers.get(0) : new ExtendedResolver(servers);
        if (resolver instanceof ExtendedResolver extended) {
            // One try per query here: the Retrier's next attempt goes to the next server.
            extended.setLoadBalance(true);
            extended.setRetries(1);
        }
        resolver.setTimeout(config.timeout());
        return resolver;
    }

    /**
     * The TXT records of a name, each one's strings joined; empty when the name exists without TXT records. Fails
     * with NOT_FOUND when the name does not exist.
     */
    public CompletableFuture<List<String>> txt(String name) {
        return lookup(uncached, name, Type.TXT, Source.DNS).thenApply(records -> records.stream()
                .filter(TXTRecord.class::isInstance)
                .map(record -> String.join("", ((TXTRecord) record).getStrings()))
                .toList());
    }

    /**
     * The IPv4 and IPv6 addresses of a host, empty when it has none. Both lookups must succeed, since the HTTP
     * client may connect to any of the addresses; failures name {@code source}, the step that needs the host.
     */
    public CompletableFuture<List<InetAddress>> addresses(String host, Source source) {
        CompletableFuture<List<Record>> v4 = lookup(cached, host, Type.A, source);
        CompletableFuture<List<Record>> v6 = lookup(cached, host, Type.AAAA, source);
        return v4.thenCombine(v6, (a, aaaa) -> Stream.concat(a.stream(), aaaa.stream())
                .map(DnsClient::address)
                .flatMap(Stream::ofNullable)
                .toList());
    }

    private static InetAddress address(Record record) {
        if (record instanceof ARecord a) {
            return a.getAddress();
        }
        return record instanceof AAAARecord aaaa ? aaaa.getAddress() : null;
    }

    private CompletableFuture<List<Record>> lookup(LookupSession session, String name, int type, Source source) {
        Name absolute;
        try {
            absolute = Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            // Such as a long handle: "_atproto." makes it longer than a DNS name may be.
            return CompletableFuture.failedFuture(new ResolutionException(
                    new Failure(Reason.NOT_FOUND, source, "not a DNS name: " + e.getMessage())));
        }
        return retrier.run(() -> inFlight.run(() -> session.lookupAsync(absolute, type).toCompletableFuture()
                .copy()
                // dnsjava checks its own timeouts only once a second.
                .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .handle((result, error) -> {
                    if (error == null) {
                        return result.getRecords();
                    }
                    Throwable cause = ResolutionException.unwrap(error);
                    if (cause instanceof NoSuchRRSetException) {
                        return List.<Record>of();
                    }
                    throw new ResolutionException(failure(cause, absolute, type, source));
                })));
    }

    private static Failure failure(Throwable cause, Name name, int type, Source source) {
        String query = Type.string(type) + " " + name;
        if (cause instanceof NoSuchDomainException) {
            return new Failure(Reason.NOT_FOUND, source, "NXDOMAIN for " + query);
        }
        if (cause instanceof ServerFailedException) {
            return new Failure(Reason.DNS_SERVER_FAILURE, source, "SERVFAIL for " + query);
        }
        if (cause instanceof TimeoutException || cause instanceof SocketTimeoutException) {
            return new Failure(Reason.TIMEOUT, source, "no DNS answer in time for " + query);
        }
        if (cause instanceof LookupFailedException || cause instanceof IOException) {
            return new Failure(Reason.DNS_SERVER_FAILURE, source, cause.getMessage() + " for " + query);
        }
        throw new IllegalStateException("unexpected failure of DNS lookup " + query, cause);
    }
}
