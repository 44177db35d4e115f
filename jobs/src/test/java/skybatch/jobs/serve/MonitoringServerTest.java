package skybatch.jobs.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.springframework.http.MediaType;
import skybatch.jobs.testing.SkybatchTestApp;
import skybatch.schedules.control.SchedulerService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** /health and /metrics on a loopback port of the application as serve starts it, with its web server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringServerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private SkybatchTestApp app;
    private int port;

    @BeforeAll
    void start() {
        app = SkybatchTestApp.start("spring.main.web-application-type=servlet", "server.address=127.0.0.1",
                "server.port=0", "skybatch.schedules.plc-sync.enabled=false",
                "skybatch.schedules.verify-handles.enabled=false", "skybatch.schedules.reverify-invalid.enabled=false");
        port = app.localServerPort();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + path);
        return http.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode health(int expectedStatus) throws Exception {
        HttpResponse<String> response = send("GET", "/health");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return JsonMapper.builder().build().readTree(response.body());
    }

    @Test
    void healthIsUpOnlyWhileTheSchedulerRuns() throws Exception {
        JsonNode down = health(503);
        assertThat(down.get("status").asString()).isEqualTo("DOWN");
        assertThat(down.get("database").asBoolean()).isTrue();
        assertThat(down.get("scheduler").asBoolean()).isFalse();

        SchedulerService scheduler = app.bean(SchedulerService.class);
        scheduler.start();
        JsonNode up = health(200);
        assertThat(up.get("status").asString()).isEqualTo("UP");
        assertThat(up.get("scheduler").asBoolean()).isTrue();

        scheduler.stopGracefully();
        assertThat(health(503).get("scheduler").asBoolean()).isFalse();
    }

    @Test
    void metricsAreTheRegistrysMetersInPrometheusText() throws Exception {
        app.bean(PrometheusMeterRegistry.class).counter("skybatch.test.pings").increment(3);
        app.importPlc("../samples/plc-export-sample.jsonl.gz");

        HttpResponse<String> metrics = send("GET", "/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").map(MediaType::parseMediaType))
                .hasValue(MediaType.parseMediaType("text/plain; version=0.0.4; charset=utf-8"));
        assertThat(metrics.body()).contains("skybatch_test_pings_total 3.0", "jvm_memory_used_bytes{",
                "spring_batch_job_seconds_count{");
    }

    @Test
    void withoutSkybatchHttpTokenEveryDashboardActionIsRefused() throws Exception {
        for (String action : List.of("/executions/1/abandon", "/executions/1/restart", "/schedules/plc-sync/pause")) {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + action)).header("Authorization", "Bearer anything").POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("SKYBATCH_HTTP_TOKEN");
        }
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        assertThat(send("GET", "/metrics/x").statusCode()).isEqualTo(404);
        assertThat(send("POST", "/health").statusCode()).isEqualTo(405);
    }

    /**
     * Issue 10, case 11: 300 connections that each sent half a request and wait, and a client that pipelines 200
     * requests without reading a response, do not keep /health from answering. (The JDK server serve had before
     * read each request on its one thread: the first half-sent request held /health until the client gave up.)
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void healthAnswersWhileManyRequestsAreHalfSentAndOneClientPipelinesWithoutReading() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket slow = new Socket("127.0.0.1", port);
                slow.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                        .getBytes(StandardCharsets.US_ASCII));
                slow.getOutputStream().flush();
                held.add(slow);
            }
            Socket pipelining = new Socket("127.0.0.1", port);
            held.add(pipelining);
            pipelining.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".repeat(200)
                    .getBytes(StandardCharsets.US_ASCII));
            pipelining.getOutputStream().flush();

            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(health.statusCode()).isIn(200, 503);
            assertThat(health.body()).contains("\"database\":true");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
