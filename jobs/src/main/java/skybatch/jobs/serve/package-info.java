/**
 * What {@code serve} shows the outside over the embedded Tomcat that Spring Boot brings (a worker pool, request
 * headers read without holding a thread, connection timeouts): {@link skybatch.jobs.serve.MonitoringController}
 * answers {@code /metrics} (Prometheus text, from the application's PrometheusMeterRegistry) and {@code /health}
 * ({@link skybatch.jobs.serve.HealthCheck}); the dashboard is {@code skybatch.jobs.dashboard}.
 */
package skybatch.jobs.serve;
