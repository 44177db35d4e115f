package skybatch.readers.identity.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * One HTTP server on 127.0.0.1 that plays every host. Clients use it as their proxy, so a request names its host
 * in its absolute URI (or, sent directly, in the Host header); the content and faults are kept by host and path.
 * Answers are sent later from a scheduler, so a slow answer holds no thread.
 */
final class FixtureHttp implements AutoCloseable {

    private record Content(int status, String contentType, byte[] body) {}

    private final Map<String, Content> content = new ConcurrentHashMap<>();
    private final Map<String, HostTraffic> traffic = new ConcurrentHashMap<>();
    private final HostTraffic total = new HostTraffic();
    private final Faults<HttpFault> faults = new Faults<>();
    private final List<HttpExchange> silenced = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final LongSupplier latencyMillis;
    private final BooleanSupplier recording;
    private final ExecutorService handlers = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "fixture-http");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpServer server;

    static {
        // Answers are small writes, which Nagle's algorithm would hold back until the client's delayed ACK. Read
        // once, when the JDK's server starts for the first time.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    FixtureHttp(ScheduledExecutorService scheduler, LongSupplier latencyMillis, BooleanSupplier recording)
            throws IOException {
        this.scheduler = scheduler;
        this.latencyMillis = latencyMillis;
        this.recording = recording;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    void put(String host, String path, int status, String contentType, String body) {
        content.put(key(host, path), new Content(status, contentType, body.getBytes(StandardCharsets.UTF_8)));
    }

    void fault(String host, HttpFault fault, int times) {
        faults.set(hostKey(host), fault, times);
    }

    void clearFault(String host) {
        faults.clear(hostKey(host));
    }

    HostTraffic traffic(String host) {
        return traffic.computeIfAbsent(hostKey(host), k -> new HostTraffic());
    }

    HostTraffic total() {
        return total;
    }

    private static String hostKey(String host) {
        return host.toLowerCase(Locale.ROOT);
    }

    private static String key(String host, String path) {
        return hostKey(host) + path;
    }

    /** Counts a request as open until the returned action runs. */
    private Runnable record(String host, URI uri) {
        if (!recording.getAsBoolean()) {
            return () -> {};
        }
        HostTraffic hostTraffic = traffic(host);
        hostTraffic.begin(uri.toString());
        total.begin();
        return () -> {
            hostTraffic.end();
            total.end();
        };
    }

    private void handle(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        String host = uri.getHost() != null ? uri.getHost()
                : exchange.getRequestHeaders().getFirst("Host").replaceFirst(":[0-9]+$", "");
        exchange.getRequestBody().readAllBytes();
        Runnable answered = record(host, uri);
        Optional<HttpFault> fault = faults.next(hostKey(host));
        if (fault.isPresent() && fault.get().silent()) {
            silenced.add(exchange);
            return;
        }
        Runnable respond = () -> {
            try {
                if (fault.isPresent()) {
                    sendFault(exchange, fault.get());
                } else {
                    send(exchange, content.getOrDefault(key(host, uri.getRawPath()),
                            new Content(404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8))));
                }
            } catch (IOException e) {
                // the client went away
            } finally {
                exchange.close();
                answered.run();
            }
        };
        long delay = latencyMillis.getAsLong();
        if (delay <= 0) {
            respond.run();
        } else {
            scheduler.schedule(respond, delay, TimeUnit.MILLISECONDS);
        }
    }

    private static void send(HttpExchange exchange, Content content) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", content.contentType());
        exchange.sendResponseHeaders(content.status(), content.body().length == 0 ? -1 : content.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(content.body());
        }
    }

    private static void sendFault(HttpExchange exchange, HttpFault fault) throws IOException {
        fault.location().ifPresent(location -> exchange.getResponseHeaders().set("Location", location));
        if (fault.bodyBytes() == 0) {
            exchange.sendResponseHeaders(fault.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(fault.status(), 0); // chunked: no length announced
        try (OutputStream out = exchange.getResponseBody()) {
            byte[] chunk = new byte[1024];
            Arrays.fill(chunk, (byte) 'x');
            for (int sent = 0; sent < fault.bodyBytes(); sent += chunk.length) {
                out.write(chunk, 0, Math.min(chunk.length, fault.bodyBytes() - sent));
            }
        } catch (IOException e) {
            // the client stopped reading, as it should past its limit
        }
    }

    @Override
    public void close() {
        silenced.forEach(HttpExchange::close);
        server.stop(0);
        handlers.shutdownNow();
    }
}
