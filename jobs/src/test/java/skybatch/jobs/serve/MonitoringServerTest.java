package skybatch.jobs.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import skybatch.jobs.testing.SkybatchTestApp;
import skybatch.schedules.control.SchedulerService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** /health and /metrics on a loopback port, from the application's beans. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringServerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private SkybatchTestApp app;
    private MonitoringServer server;

    @BeforeAll
    void start() throws Exception {
        app = SkybatchTestApp.start("skybatch.schedules.plc-sync.enabled=false",
                "skybatch.schedules.verify-handles.enabled=false", "skybatch.schedules.reverify-invalid.enabled=false");
        server = MonitoringServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                app.bean(PrometheusMeterRegistry.class), app.bean(HealthCheck.class));
    }

    @AfterAll
    void stop() {
        server.close();
        app.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
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
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(metrics.body()).contains("skybatch_test_pings_total 3.0", "jvm_memory_used_bytes{",
                "spring_batch_job_seconds_count{");
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        assertThat(send("GET", "/").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/metrics/x").statusCode()).isEqualTo(404);
        assertThat(send("POST", "/health").statusCode()).isEqualTo(405);
    }
}
