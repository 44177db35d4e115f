package skybatch.jobs.cli;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Command;
import skybatch.jobs.SkybatchProperties;
import skybatch.jobs.ingest.IngestGroup;
import skybatch.jobs.ingest.StreamIngests;
import skybatch.readers.firehose.Journal;
import skybatch.readers.net.EgressGuard;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Ingest the relay's stream and tail the journal in one process until SIGTERM or SIGINT: the"
                + " tail stops at a chunk boundary (STOPPED, restartable), then the ingest.")
class FirehoseRunCommand implements Callable<Integer> {

    private final SpringContext context;

    FirehoseRunCommand(SpringContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        IngestGroup ingest = startIngest(context);
        JobExecution tail;
        try {
            tail = FirehoseTailCommand.run(context, false);
        } finally {
            ingest.stop();
            ingest.await();
        }
        return ExecutionOutcome.print(tail);
    }

    /** The firehose's ingest, on a thread of its own, into the journal the tail reads (also {@code serve}'s). */
    static IngestGroup startIngest(SpringContext context) {
        return new IngestGroup(List.of(StreamIngests.firehose(context.bean(SkybatchProperties.class), null,
                context.bean(Journal.class), context.bean(EgressGuard.class), context.bean(MeterRegistry.class)))).start();
    }
}
