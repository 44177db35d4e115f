package skybatch.jobs.cli;

import java.util.concurrent.Callable;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import skybatch.jobs.operations.JobRunner;
import skybatch.jobs.verify.VerifyHandlesJobConfiguration;

@Command(name = "verify-handles", mixinStandardHelpOptions = true,
        description = {"Verify the handles DIDs claim (DNS TXT _atproto.<handle>, then HTTPS /.well-known/atproto-did,"
                + " which must give back the DID) and write the verified ones to actor.handle.",
                "Due: never checked; a newer PLC operation; valid after 24 h; invalid after 7 days; transient"
                + " failures after 1 h, 6 h, 1 d, then 7 days. Tombstoned DIDs never, until a newer operation."})
class VerifyHandlesCommand implements Callable<Integer> {

    private final SpringContext context;

    @Option(names = "--only", defaultValue = "all", paramLabel = "pending|invalid|valid|all",
            description = "Which due DIDs to take, by status (default ${DEFAULT-VALUE}; pending includes never checked)")
    String only;

    @Option(names = "--pds", paramLabel = "HOST", description = "Check DIDs on this PDS host first (after never-checked ones)")
    String pds;

    @Option(names = "--limit", paramLabel = "N", description = "Check at most N DIDs")
    Long limit;

    VerifyHandlesCommand(SpringContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        skybatch.jobs.verify.internal.DueDidQuery.sql(only);
        JobParametersBuilder parameters = new JobParametersBuilder()
                .addString(VerifyHandlesJobConfiguration.ONLY, only.toLowerCase(java.util.Locale.ROOT))
                .addLong("launched", System.currentTimeMillis());
        if (pds != null) {
            parameters.addString(VerifyHandlesJobConfiguration.PDS, pds, false);
        }
        if (limit != null) {
            parameters.addLong(VerifyHandlesJobConfiguration.LIMIT, limit, false);
        }
        Job job = context.bean(VerifyHandlesJobConfiguration.JOB_NAME, Job.class);
        return ExecutionOutcome.print(context.bean(JobRunner.class).start(job, parameters.toJobParameters()));
    }
}
