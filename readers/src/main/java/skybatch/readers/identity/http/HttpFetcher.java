package skybatch.readers.identity.http;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import skybatch.readers.identity.Failure;
import skybatch.readers.identity.IdentityConfig;
import skybatch.readers.identity.Reason;
import skybatch.readers.identity.ResolutionException;
import skybatch.readers.identity.Source;
import skybatch.readers.identity.dns.DnsClient;
import skybatch.readers.identity.limits.AsyncSemaphore;
import skybatch.readers.identity.limits.HostGuards;
import skybatch.readers.identity.limits.Retrier;
import skybatch.readers.net.AddressPolicy;
import skybatch.readers.net.EgressGuard;
import skybatch.readers.net.LimitedBody;

/**
 * GET requests that a handle or a DID cannot abuse. Each request, and each redirect hop (followed here, never by
 * the client), goes to a host whose addresses were checked first (for a clear reason), and connects through the
 * {@link EgressGuard}, which checks them again and connects to the address it checked (unless a proxy of the
 * configuration takes every request); it runs within the host's limits and the global cap on requests in flight,
 * is retried on transient failures, and reads at most a given number of bytes.
 */
public final class HttpFetcher {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final HttpClient client;
    private final IdentityConfig.Http config;
    private final AddressGuard addresses;
    private final HostGuards hosts;
    private final AsyncSemaphore inFlight;
    private final Retrier retrier;

    public HttpFetcher(IdentityConfig.Http config, Optional<Executor> clientExecutor, AddressPolicy policy,
            ProxySelector proxy, DnsClient dns, HostGuards hosts, AsyncSemaphore inFlight, Retrier retrier) {
        this.client = client(config, clientExecutor, proxy);
        this.config = config;
        this.addresses = new AddressGuard(policy, dns);
        this.hosts = hosts;
        this.inFlight = inFlight;
        this.retrier = retrier;
    }

    /** @param proxy the configuration's proxy, or the egress guard's */
    private static HttpClient client(IdentityConfig.Http config, Optional<Executor> executor, ProxySelector proxy) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.timeout())
                .proxy(proxy);
        if ("http".equals(config.scheme())) {
            // Plain HTTP is for tests; over it the client would try h2c upgrades, which plain servers ignore.
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        executor.ifPresent(builder::executor);
        return builder.build();
    }

    /** {@code <scheme>://<host>[:<port>]<path>} with the configured scheme, and the configured port unless given. */
    URI uri(String host, Optional<Integer> port, String path) {
        int effectivePort = port.orElse(config.port());
        return URI.create(config.scheme() + "://" + host + (effectivePort < 0 ? "" : ":" + effectivePort) + path);
    }

    /** The body of a 2xx answer, at most {@code maxBytes}; fails with a {@link ResolutionException}. */
    public CompletableFuture<String> get(URI uri, int maxBytes, Source source) {
        return get(uri, maxBytes, source, 0);
    }

    private CompletableFuture<String> get(URI uri, int maxBytes, Source source, int redirects) {
        return retrier.run(() -> attempt(uri, maxBytes, source)).thenCompose(answer -> {
            if (answer.location().isEmpty()) {
                return CompletableFuture.completedFuture(answer.body());
            }
            if (redirects >= config.maxRedirects()) {
                throw failure(Reason.BAD_REDIRECT, source, "more than " + config.maxRedirects() + " redirects");
            }
            return get(redirectTarget(uri, answer.location().get(), source), maxBytes, source, redirects + 1);
        });
    }

    /** One request; a redirect is an answer, so that each hop is retried and limited on its own. */
    private CompletableFuture<Answer> attempt(URI uri, int maxBytes, Source source) {
        String host = uri.getHost();
        return hosts.forHost(host).run(source, () -> addresses.check(host, source)
                .thenCompose(checked -> inFlight.run(() -> send(uri, maxBytes, source))));
    }

    private CompletableFuture<Answer> send(URI uri, int maxBytes, Source source) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(config.timeout())
                .header("User-Agent", config.userAgent())
                .GET()
                .build();
        CompletableFuture<HttpResponse<Optional<byte[]>>> sent = client.sendAsync(request, LimitedBody.upTo(maxBytes));
        // The request timeout covers the answer's headers only; this one covers a body that trickles in too.
        return sent.copy().orTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS).handle((response, error) -> {
            if (error != null) {
                sent.cancel(true);
                throw new ResolutionException(transportFailure(ResolutionException.unwrap(error), uri, source));
            }
            return answer(response, source);
        });
    }

    private static Answer answer(HttpResponse<Optional<byte[]>> response, Source source) {
        int status = response.statusCode();
        String from = " from " + response.uri();
        if (EgressGuard.refused(response)) {
            throw failure(Reason.BLOCKED_ADDRESS, source, "refused when connecting to " + response.uri()
                    + ": its host resolves to an address outside the policy now");
        }
        if (status >= 200 && status < 300) {
            byte[] body = response.body().orElseThrow(
                    () -> failure(Reason.BODY_TOO_LARGE, source, "body larger than the limit" + from));
            return new Answer(new String(body, StandardCharsets.UTF_8), Optional.empty());
        }
        if (REDIRECTS.contains(status)) {
            String location = response.headers().firstValue("location").orElseThrow(
                    () -> failure(Reason.BAD_REDIRECT, source, "HTTP " + status + " without location" + from));
            return new Answer("", Optional.of(location));
        }
        throw failure(reasonFor(status), source, "HTTP " + status + from);
    }

    private static Reason reasonFor(int status) {
        if (status == 404) {
            return Reason.NOT_FOUND;
        }
        if (status == 410) {
            return Reason.TOMBSTONED;
        }
        if (status == 429) {
            return Reason.TOO_MANY_REQUESTS;
        }
        return status == 408 || status >= 500 ? Reason.SERVER_ERROR : Reason.HTTP_STATUS;
    }

    private URI redirectTarget(URI from, String location, Source source) {
        URI target;
        try {
            target = from.resolve(location);
        } catch (IllegalArgumentException e) {
            throw failure(Reason.BAD_REDIRECT, source, "unreadable location " + location + " from " + from);
        }
        if (!config.scheme().equals(target.getScheme()) || target.getHost() == null) {
            throw failure(Reason.BAD_REDIRECT, source, "redirect from " + from + " to " + target);
        }
        return target;
    }

    private static Failure transportFailure(Throwable error, URI uri, Source source) {
        if (error instanceof HttpTimeoutException || error instanceof TimeoutException) {
            return new Failure(Reason.TIMEOUT, source, "no answer in time from " + uri);
        }
        if (error instanceof IOException) {
            return new Failure(Reason.CONNECTION_FAILED, source, error + " from " + uri);
        }
        throw new IllegalStateException("unexpected failure of GET " + uri, error);
    }

    private static ResolutionException failure(Reason reason, Source source, String detail) {
        return new ResolutionException(new Failure(reason, source, detail));
    }

    /** A body, or the location of a redirect. */
    private record Answer(String body, Optional<String> location) {}
}
