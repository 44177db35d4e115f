package skybatch.jobs.cli;

import java.util.concurrent.Callable;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import skybatch.jobs.labels.LabelTailJobConfiguration;
import skybatch.jobs.labels.internal.Labelers;
import skybatch.jobs.operations.JobRunner;

@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {"Apply the labelers' journals to the label table (labelTailJob, one partition per labeler),"
                + " from where the last run committed, until stopped (SIGTERM: STOPPED at a chunk boundary,"
                + " restartable).", "Each chunk commits its labels, quarantined input and journal position together."})
class LabelsTailCommand implements Callable<Integer> {

    private final SpringContext context;

    @Option(names = "--drain", description = "Apply what the journals hold now, then complete")
    boolean drain;

    LabelsTailCommand(SpringContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        return ExecutionOutcome.print(run(context, drain));
    }

    static JobExecution run(SpringContext context, boolean drain) throws Exception {
        if (context.bean(Labelers.class).isEmpty()) {
            throw new IllegalArgumentException("no labelers to follow: set SKYBATCH_LABELERS (their DIDs)");
        }
        JobParametersBuilder parameters = new JobParametersBuilder()
                .addString(LabelTailJobConfiguration.DRAIN, Boolean.toString(drain))
                .addLong("launched", System.currentTimeMillis());
        Job job = context.bean(LabelTailJobConfiguration.JOB_NAME, Job.class);
        return context.bean(JobRunner.class).start(job, parameters.toJobParameters());
    }
}
