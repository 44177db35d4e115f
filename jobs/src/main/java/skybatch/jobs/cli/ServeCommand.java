package skybatch.jobs.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import skybatch.jobs.operations.GracefulShutdown;
import skybatch.jobs.serve.HealthCheck;
import skybatch.jobs.serve.MonitoringServer;
import skybatch.schedules.control.SchedulerService;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the schedules (see 'schedules list'), with /metrics (Prometheus) and /health over HTTP,"
                + " until SIGTERM or SIGINT.",
                "Then no more firings; running jobs stop at their next chunk boundary, end STOPPED, and the next"
                        + " firing restarts them. Several serve processes may share one database: each firing runs"
                        + " once."})
class ServeCommand implements Callable<Integer> {

    private final SpringContext context;

    @Option(names = "--port", defaultValue = "${sys:skybatch.http.port:-${env:SKYBATCH_HTTP_PORT:-8080}}",
            description = "HTTP port (SKYBATCH_HTTP_PORT; default 8080; 0: any free port)")
    int port;

    @Option(names = "--bind", defaultValue = "${sys:skybatch.http.bind:-${env:SKYBATCH_HTTP_BIND:-127.0.0.1}}",
            paramLabel = "<address>", description = "HTTP bind address (SKYBATCH_HTTP_BIND; default 127.0.0.1)")
    String bind;

    ServeCommand(SpringContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        CountDownLatch signal = new CountDownLatch(1);
        GracefulShutdown.onSignal(signal::countDown);
        SchedulerService scheduler = context.bean(SchedulerService.class);
        try (MonitoringServer http = MonitoringServer.start(new InetSocketAddress(bind, port),
                context.bean(PrometheusMeterRegistry.class), context.bean(HealthCheck.class))) {
            scheduler.start();
            InetSocketAddress address = http.address();
            System.out.println("skybatch serve: scheduler " + scheduler.instanceId() + " running; http://"
                    + address.getHostString() + ":" + address.getPort() + "/metrics and /health");
            signal.await();
            scheduler.stopGracefully();
        } finally {
            GracefulShutdown.onSignal(null);
        }
        return ExitCodes.COMPLETED;
    }
}
