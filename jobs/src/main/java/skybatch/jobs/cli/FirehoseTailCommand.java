package skybatch.jobs.cli;

import java.util.concurrent.Callable;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import skybatch.jobs.firehose.FirehoseTailJobConfiguration;
import skybatch.jobs.operations.JobRunner;

@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {"Apply the firehose journal to the dataplane tables (firehoseTailJob), from where the last run "
                + "committed, until stopped (SIGTERM: STOPPED at a chunk boundary, restartable).",
                "Each chunk commits its rows, quarantined input and journal position together."})
class FirehoseTailCommand implements Callable<Integer> {

    private final SpringContext context;

    @Option(names = "--drain", description = "Apply what the journal holds now, then complete")
    boolean drain;

    FirehoseTailCommand(SpringContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        return ExecutionOutcome.print(run(context, drain));
    }

    /** A new run of firehoseTailJob, to its end: drained, or stopped. */
    static JobExecution run(SpringContext context, boolean drain) throws Exception {
        JobParametersBuilder parameters = new JobParametersBuilder()
                .addString(FirehoseTailJobConfiguration.DRAIN, Boolean.toString(drain))
                .addLong("launched", System.currentTimeMillis());
        Job job = context.bean(FirehoseTailJobConfiguration.JOB_NAME, Job.class);
        return context.bean(JobRunner.class).start(job, parameters.toJobParameters());
    }
}
