package skybatch.jobs.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import skybatch.jobs.scaleout.AmqpSettings;
import skybatch.jobs.scaleout.PartitionWorker;
import skybatch.jobs.scaleout.WorkerSettings;
import skybatch.jobs.serve.TerminationSignals;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Run the partitions of backfill and verify-handles that managers send over RabbitMQ"
                + " (SKYBATCH_AMQP_URL, SKYBATCH_AMQP_QUEUE), SKYBATCH_WORKER_CONCURRENCY at once, until SIGTERM or"
                + " SIGINT, with /metrics (Prometheus) and /health over HTTP.",
                "Then no more requests are taken; running partitions stop at their next chunk boundary and end"
                        + " STOPPED (jobs restart sends them again); worker exits 0."})
class WorkerCommand implements Callable<Integer> {

    private final SpringContext context;

    @Mixin
    HttpAddress http;

    WorkerCommand(SpringContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        CountDownLatch signal = new CountDownLatch(1);
        TerminationSignals.onFirst(signal::countDown);
        int listening = context.startWebServer(http.bind, http.port);
        AmqpSettings amqp = context.bean(AmqpSettings.class);
        if (amqp.url() == null || amqp.url().isBlank()) {
            throw new IllegalArgumentException("worker needs the broker: set SKYBATCH_AMQP_URL"
                    + " (for example amqp://guest:guest@127.0.0.1:5672)");
        }
        PartitionWorker worker = context.bean(PartitionWorker.class);
        worker.start();
        System.out.println("skybatch worker pid " + ProcessHandle.current().pid() + ": taking partitions from queue "
                + amqp.queue() + ", " + context.bean(WorkerSettings.class).concurrency() + " at once; http://"
                + http.bind + ":" + listening + "/metrics and /health");
        signal.await();
        worker.stopGracefully();
        return ExitCodes.COMPLETED;
    }
}
