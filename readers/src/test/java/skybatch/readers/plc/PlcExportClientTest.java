package skybatch.readers.plc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.retry.RetryPolicy;
import skybatch.readers.net.AddressPolicy;
import skybatch.readers.net.EgressGuard;
import skybatch.readers.net.HostResolver;
import skybatch.readers.support.StopRequest;

/** The export client against a PLC directory stand-in on 127.0.0.1 that misbehaves. */
class PlcExportClientTest {

    private final EgressGuard guard = EgressGuard.start(AddressPolicy.publicOnly().allowing("127.0.0.1"),
            HostResolver.system());
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        guard.close();
    }

    private PlcExportClient client(Duration timeout) {
        return new PlcExportClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), guard, timeout,
                RetryPolicy.builder().includes(PlcExportClient.TransientExportException.class).maxRetries(1)
                        .delay(Duration.ofMillis(1)).build(), StopRequest.NEVER);
    }

    @Test
    void aBodyThatTricklesInTimesOut() {
        server.createContext("/export", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 200; i++) { // the headers at once, then a byte every 50 ms
                    out.write('{');
                    out.flush();
                    Thread.sleep(50);
                }
            } catch (IOException | InterruptedException e) {
                // the client gave up
            }
        });

        assertThatThrownBy(() -> client(Duration.ofMillis(500)).fetch(null, 10))
                .isInstanceOf(PlcExportClient.PlcExportException.class)
                .hasMessageContaining("failed after retries").hasMessageContaining("no whole answer within PT0.5S");
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void aWebPageIsNoExport() {
        server.createContext("/export", exchange -> {
            requests.incrementAndGet();
            byte[] page = "<html><body>Sign in</body></html>".getBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });

        assertThatThrownBy(() -> client(Duration.ofSeconds(5)).fetch(null, 10))
                .isInstanceOf(PlcExportClient.PlcExportException.class)
                .hasMessageContaining("answered a web page (text/html), not a PLC export");
        assertThat(requests.get()).as("not retried").isOne();
    }

    @Test
    void aRedirectToThisMachinesNetworkIsRefused() {
        server.createContext("/export", exchange -> {
            requests.incrementAndGet();
            exchange.getResponseHeaders().add("Location", "http://10.0.0.1:8080/export");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });

        assertThatThrownBy(() -> client(Duration.ofSeconds(5)).fetch(null, 10))
                .isInstanceOf(PlcExportClient.PlcExportException.class)
                .hasMessageContaining("10.0.0.1 is outside public addresses");
        assertThat(requests.get()).isOne();
    }
}
