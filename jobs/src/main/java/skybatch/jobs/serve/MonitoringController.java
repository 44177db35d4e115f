package skybatch.jobs.serve;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /metrics}: every meter of the registry in Prometheus' text format. {@code GET /health}: 200 and
 * {@code {"status":"UP","database":true,"scheduler":true}} when both are up, else 503 with the same fields.
 */
@RestController
class MonitoringController {

    /** What {@link PrometheusMeterRegistry#scrape()} writes: the Prometheus text format 0.0.4. */
    private static final MediaType PROMETHEUS_TEXT = MediaType.parseMediaType("text/plain; version=0.0.4; charset=utf-8");

    private final PrometheusMeterRegistry metrics;
    private final HealthCheck health;

    MonitoringController(PrometheusMeterRegistry metrics, HealthCheck health) {
        this.metrics = metrics;
        this.health = health;
    }

    @GetMapping("/metrics")
    ResponseEntity<String> metrics() {
        return ResponseEntity.ok().contentType(PROMETHEUS_TEXT).body(metrics.scrape());
    }

    @GetMapping(path = "/health", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<HealthCheck.Health> health() {
        HealthCheck.Health now = health.check();
        return ResponseEntity.status(now.status().equals("UP") ? 200 : 503).body(now);
    }
}
