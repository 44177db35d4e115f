package skybatch.jobs.cli;

import picocli.CommandLine.Command;
import skybatch.jobs.scaleout.AmqpSettings;
import skybatch.jobs.scaleout.PartitionWorker;
import skybatch.jobs.scaleout.WorkerSettings;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Run the partitions of backfill and verify-handles that managers send over RabbitMQ"
                + " (SKYBATCH_AMQP_URL, SKYBATCH_AMQP_QUEUE), SKYBATCH_WORKER_CONCURRENCY at once, until SIGTERM or"
                + " SIGINT, with /metrics (Prometheus) and /health over HTTP.",
                "Then no more requests are taken; running partitions stop at their next chunk boundary and end"
                        + " STOPPED (jobs restart sends them again); worker exits 0."})
class WorkerCommand extends ServiceCommand {

    WorkerCommand(SpringContext context) {
        super(context);
    }

    @Override
    Stop start(String url) {
        AmqpSettings amqp = context.bean(AmqpSettings.class);
        if (amqp.url() == null || amqp.url().isBlank()) {
            throw new IllegalArgumentException("worker needs the broker: set SKYBATCH_AMQP_URL"
                    + " (for example amqp://guest:guest@127.0.0.1:5672)");
        }
        PartitionWorker worker = context.bean(PartitionWorker.class);
        worker.start();
        System.out.println("skybatch worker pid " + ProcessHandle.current().pid() + ": taking partitions from queue "
                + amqp.queue() + ", " + context.bean(WorkerSettings.class).concurrency() + " at once; " + url
                + "metrics and /health");
        return worker::stopGracefully;
    }
}
