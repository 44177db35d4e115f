package skybatch.jobs.cli;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import skybatch.jobs.SkybatchProperties;
import skybatch.jobs.firehose.FirehoseLink;
import skybatch.jobs.ingest.IngestGroup;
import skybatch.jobs.ingest.StreamIngests;
import skybatch.readers.firehose.Journal;
import skybatch.readers.firehose.ingest.StreamIngest;
import skybatch.readers.net.EgressGuard;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Ingest the relay's stream and tail the journal in one process until SIGTERM or SIGINT: the"
                + " tail stops at a chunk boundary (STOPPED, restartable), then the ingest. /health (the relay"
                + " connection, the lag) and /metrics over HTTP meanwhile.")
class FirehoseRunCommand implements Callable<Integer> {

    private final SpringContext context;

    @Mixin
    HttpAddress http;

    FirehoseRunCommand(SpringContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        int listening = context.startWebServer(http.bind, http.port);
        IngestGroup ingest = startIngest(context, true);
        System.out.println("skybatch firehose run: /health and /metrics at http://" + http.bind + ":" + listening
                + "/");
        JobExecution tail;
        try {
            tail = FirehoseTailCommand.run(context, false);
        } finally {
            ingest.stop();
            ingest.await();
        }
        return ExecutionOutcome.print(tail);
    }

    /**
     * The firehose's ingest, on a thread of its own, into the journal the tail reads (also {@code serve}'s), handed
     * to {@code /health}.
     *
     * @param alone whether the firehose is the process's whole work (not beside the scheduler)
     */
    static IngestGroup startIngest(SpringContext context, boolean alone) {
        StreamIngest ingest = StreamIngests.firehose(context.bean(SkybatchProperties.class), null,
                context.bean(Journal.class), context.bean(EgressGuard.class), context.bean(MeterRegistry.class));
        context.bean(FirehoseLink.class).attach(ingest, alone);
        return new IngestGroup(List.of(ingest)).start();
    }
}
