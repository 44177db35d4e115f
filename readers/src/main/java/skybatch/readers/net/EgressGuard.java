package skybatch.readers.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one way out of the process: every HTTP and WebSocket client routes its connections through this guard
 * ({@link #route}), whose proxy on 127.0.0.1 checks each host's addresses against the {@link AddressPolicy} when it
 * connects, and connects to an address it checked. A client that follows redirects does so with {@link #send}, or
 * lets the JDK follow them: each hop is a new connection through the guard either way, but {@link #send} reports
 * a refused hop as a {@link BlockedAddressException} instead of the JDK's "Tunnel failed".
 *
 * <pre>{@code
 * EgressGuard guard = EgressGuard.start(AddressPolicy.publicOnly(), HostResolver.system());
 * HttpClient client = guard.route(HttpClient.newBuilder()).build();   // WebSockets: client.newWebSocketBuilder()
 * }</pre>
 */
public final class EgressGuard implements AutoCloseable {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Duration PROXY_TIMEOUT = Duration.ofSeconds(30);

    private final AddressCheck check;
    private final EgressProxy proxy;
    private final ProxySelector selector;

    private EgressGuard(AddressCheck check, EgressProxy proxy) {
        this.check = check;
        this.proxy = proxy;
        this.selector = ProxySelector.of(proxy.address());
    }

    /** Starts the guard's proxy; {@link #close} stops it. */
    public static EgressGuard start(AddressPolicy policy, HostResolver resolver) {
        AddressCheck check = new AddressCheck(policy, resolver);
        try {
            return new EgressGuard(check, new EgressProxy(check, PROXY_TIMEOUT));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the egress proxy on 127.0.0.1", e);
        }
    }

    /** The builder, its connections sent through the guard. */
    public HttpClient.Builder route(HttpClient.Builder builder) {
        return builder.proxy(selector);
    }

    /** For a client that takes a proxy selector of its own. */
    public ProxySelector proxySelector() {
        return selector;
    }

    /**
     * Checks the host of {@code uri} now, for a clear error before a request; the guard checks it again when the
     * client connects.
     *
     * @throws BlockedAddressException naming the host and the address refused
     */
    public void check(URI uri) throws IOException {
        if (uri.getHost() == null) {
            throw new BlockedAddressException("no host in " + uri);
        }
        check.permitted(uri.getHost());
    }

    /**
     * Sends {@code request} with a client that does not follow redirects (built with {@link #route}), following
     * up to {@code maxRedirects} itself, each target checked first. Bodies of redirects are discarded. The
     * request's timeout covers each whole exchange, including a body the handler reads before returning.
     */
    public <T> HttpResponse<T> send(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> body,
            int maxRedirects) throws IOException, InterruptedException {
        HttpRequest next = request;
        for (int hop = 0; ; hop++) {
            check(next.uri());
            HttpResponse<T> response = sendWithin(client, next, info -> REDIRECTS.contains(info.statusCode())
                    ? HttpResponse.BodySubscribers.replacing(null)
                    : body.apply(info));
            if (refused(response)) {
                throw new BlockedAddressException(next.uri() + " refused when connecting (its name now resolves "
                        + "to an address outside the policy)");
            }
            if (!REDIRECTS.contains(response.statusCode())) {
                return response;
            }
            URI from = next.uri();
            String location = response.headers().firstValue("location").orElseThrow(
                    () -> new IOException(from + " answered " + response.statusCode() + " without a location"));
            if (hop >= maxRedirects) {
                throw new IOException(request.uri() + ": more than " + maxRedirects + " redirects");
            }
            URI target;
            try {
                target = from.resolve(location);
            } catch (IllegalArgumentException e) {
                throw new IOException(from + " redirected to an unreadable location: " + location);
            }
            if (!"http".equals(target.getScheme()) && !"https".equals(target.getScheme())) {
                throw new IOException(from + " redirected to " + target + ", not HTTP");
            }
            next = HttpRequest.newBuilder(next, (name, value) -> true).uri(target).build();
        }
    }

    /**
     * The request's timeout covers the whole exchange here, a body read by the handler included: the JDK's covers
     * only the wait for the headers, so a body that trickles in would never time out.
     */
    private static <T> HttpResponse<T> sendWithin(HttpClient client, HttpRequest request,
            HttpResponse.BodyHandler<T> body) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<T>> exchange = client.sendAsync(request, body);
        try {
            return request.timeout().isEmpty() ? exchange.get()
                    : exchange.get(request.timeout().get().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new HttpTimeoutException(request.uri() + ": no whole answer within " + request.timeout().get());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(request.uri() + ": " + e.getCause(), e.getCause());
        }
    }

    /**
     * Whether a response is the guard's refusal of a plain HTTP request at connect time (HTTPS and WebSocket
     * connections fail instead, with the JDK's IOException "Tunnel failed").
     */
    public static boolean refused(HttpResponse<?> response) {
        return response.headers().firstValue(EgressProxy.REFUSED_HEADER).isPresent();
    }

    @Override
    public void close() {
        try {
            proxy.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
