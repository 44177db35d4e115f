package skybatch.jobs.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /metrics}: every meter of the registry in Prometheus' text format. {@code GET /health}: 200 and
 * {@code {"status":"UP","database":true,"scheduler":true}} when both are up, else 503 with the same fields.
 */
public final class MonitoringServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** What {@link PrometheusMeterRegistry#scrape()} writes: the Prometheus text format 0.0.4. */
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final PrometheusMeterRegistry metrics;
    private final HealthCheck health;

    private MonitoringServer(HttpServer server, PrometheusMeterRegistry metrics, HealthCheck health) {
        this.server = server;
        this.metrics = metrics;
        this.health = health;
    }

    public static MonitoringServer start(InetSocketAddress address, PrometheusMeterRegistry metrics, HealthCheck health)
            throws IOException {
        MonitoringServer monitoring = new MonitoringServer(HttpServer.create(address, 0), metrics, health);
        monitoring.server.createContext("/", monitoring::handle);
        monitoring.server.start();
        return monitoring;
    }

    /** The address it listens on (with the port chosen when asked for port 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("GET")) {
                respond(exchange, 405, "text/plain; charset=utf-8", "GET only\n");
            } else if (path.equals("/metrics")) {
                respond(exchange, 200, PROMETHEUS_TEXT, metrics.scrape());
            } else if (path.equals("/health")) {
                HealthCheck.Health now = health.check();
                respond(exchange, now.status().equals("UP") ? 200 : 503, "application/json",
                        JSON.writeValueAsString(now));
            } else {
                respond(exchange, 404, "text/plain; charset=utf-8", "/metrics or /health\n");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
