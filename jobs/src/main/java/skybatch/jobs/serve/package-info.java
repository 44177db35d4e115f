/**
 * What {@code serve} shows the outside: {@link skybatch.jobs.serve.MonitoringServer} answers {@code /metrics}
 * (Prometheus text, from the application's PrometheusMeterRegistry) and {@code /health}
 * ({@link skybatch.jobs.serve.HealthCheck}) over the JDK's HTTP server.
 */
package skybatch.jobs.serve;
