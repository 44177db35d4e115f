package skybatch.jobs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import skybatch.jobs.backfill.BackfillJobConfiguration;
import skybatch.jobs.operations.JobRunner;
import skybatch.writers.backfill.BackfillQueue;
import skybatch.writers.backfill.QueueEntry;
import skybatch.writers.backfill.RepoStatus;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {"Backfill repositories into the app-view's record tables: every repository of a PDS, or the "
                + "given DIDs (their PDS from the PLC import or did_cache).",
                "Each launch is a new job instance; continue a failed or stopped one with 'jobs restart'."},
        subcommands = {BackfillCommand.StatusCommand.class})
class BackfillCommand implements Callable<Integer> {

    private final SpringContext context;

    @ArgGroup(exclusive = true)
    Source source;

    static class Source {
        @Option(names = "--pds", paramLabel = "HOST", split = ",",
                description = "Every repository that PDS lists (a host, meaning https, or a base URL); repeatable")
        List<String> pds;

        @Option(names = "--dids-file", paramLabel = "FILE", description = "The DIDs in this file, one a line")
        Path didsFile;

        @Option(names = "--did", paramLabel = "DID", arity = "1..*", description = "These DIDs")
        List<String> dids;

        @Option(names = "--firehose-due", description = "The repositories the firehose tail found desynchronized,"
                + " or saw first in the stream")
        boolean firehoseDue;
    }

    @Option(names = "--collections", paramLabel = "NSID", split = ",",
            description = "Only these collections (default: all); other records are neither written nor removed")
    List<String> collections;

    @Option(names = "--no-verify-signatures",
            description = "Do not check commit signatures against the DIDs' signing keys (checked by default)")
    boolean noVerifySignatures;

    BackfillCommand(SpringContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (source == null) {
            throw new IllegalArgumentException("say what to backfill: --pds HOST, --dids-file FILE, --did DID or"
                    + " --firehose-due");
        }
        JobParametersBuilder parameters = new JobParametersBuilder().addLong("launched", System.currentTimeMillis());
        if (source.pds != null) {
            parameters.addString(BackfillJobConfiguration.PDS, String.join(",", source.pds));
        } else if (source.didsFile != null) {
            if (!Files.isReadable(source.didsFile)) {
                throw new IllegalArgumentException("cannot read DIDs file " + source.didsFile.toAbsolutePath());
            }
            parameters.addString(BackfillJobConfiguration.DIDS_FILE, source.didsFile.toAbsolutePath().toString());
        } else if (source.firehoseDue) {
            parameters.addString(BackfillJobConfiguration.FIREHOSE_DUE, "true");
        } else {
            parameters.addString(BackfillJobConfiguration.DIDS, String.join(",", source.dids));
        }
        if (collections != null && !collections.isEmpty()) {
            parameters.addString(BackfillJobConfiguration.COLLECTIONS, String.join(",", collections));
        }
        if (noVerifySignatures) {
            parameters.addString(BackfillJobConfiguration.VERIFY_SIGNATURES, "false");
        }
        Job job = context.bean(BackfillJobConfiguration.JOB_NAME, Job.class);
        JobExecution execution = context.bean(JobRunner.class).start(job, parameters.toJobParameters());
        return ExecutionOutcome.print(execution);
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "The backfill queue: repositories by status, and the latest that did not end done.")
    static class StatusCommand implements Callable<Integer> {
        private final SpringContext context;

        @Option(names = "--failures", defaultValue = "20",
                description = "How many recent failures to show (default ${DEFAULT-VALUE})")
        int failures;

        @Option(names = "--json", description = "Print JSON")
        boolean json;

        StatusCommand(SpringContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            BackfillQueue queue = context.bean(BackfillQueue.class);
            Map<RepoStatus, Long> counts = queue.counts();
            List<QueueEntry> recent = queue.recentFailures(failures);
            if (json) {
                System.out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                        .writeValueAsString(Map.of("counts", counts, "recentFailures", recent)));
                return ExitCodes.COMPLETED;
            }
            counts.forEach((status, count) -> System.out.printf("%-12s %,12d%n", status.value(), count));
            if (!recent.isEmpty()) {
                System.out.printf("%nrecent failures:%n%-34s %-12s %8s  %-19s  %s%n", "DID", "STATUS", "ATTEMPTS",
                        "UPDATED", "LAST ERROR");
                for (QueueEntry e : recent) {
                    System.out.printf("%-34s %-12s %8d  %-19s  %s%n", e.did(), e.status().value(), e.attempts(),
                            e.updatedAt() == null ? "-" : e.updatedAt().toLocalDateTime().withNano(0)
                                    .toString().replace('T', ' '),
                            e.lastError() == null ? "" : e.lastError());
                }
            }
            return ExitCodes.COMPLETED;
        }
    }
}
