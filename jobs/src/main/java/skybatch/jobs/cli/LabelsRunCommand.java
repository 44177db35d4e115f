package skybatch.jobs.cli;

import java.util.concurrent.Callable;
import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Command;
import skybatch.jobs.ingest.IngestGroup;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Ingest and tail in one process until SIGTERM or SIGINT: the tail stops at a chunk boundary"
                + " (STOPPED, restartable), then the ingests.")
class LabelsRunCommand implements Callable<Integer> {

    private final SpringContext context;

    LabelsRunCommand(SpringContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        IngestGroup ingests = LabelsIngestCommand.start(context);
        JobExecution tail;
        try {
            tail = LabelsTailCommand.run(context, false);
        } finally {
            ingests.stop();
            ingests.await();
        }
        return ExecutionOutcome.print(tail);
    }
}
