package skybatch.jobs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import skybatch.jobs.operations.JobRunner;
import skybatch.jobs.plc.PlcImportJobConfiguration;
import skybatch.readers.plc.FileIdentity;

@Command(name = "import-plc", mixinStandardHelpOptions = true,
        description = {"Import the PLC directory export into actor_identity, actor and did_cache.",
                "Each launch is a new job instance; continue a failed or stopped one with 'jobs restart'."})
class ImportPlcCommand implements Callable<Integer> {

    private final SpringContext context;

    @Option(names = "--source", required = true, paramLabel = "<path|url|->",
            description = "An export file (plain, .gz, .zst, .bz2, .xz; detected by content), - for stdin, or a "
                    + "PLC directory base URL such as https://plc.directory")
    String source;

    @Option(names = "--after", paramLabel = "<cursor>",
            description = "With a URL: start after this cursor (a createdAt timestamp or a seq number)")
    String after;

    ImportPlcCommand(SpringContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        boolean url = source.startsWith("http://") || source.startsWith("https://");
        if (after != null && !url) {
            throw new IllegalArgumentException("--after goes with a PLC directory URL, not a file");
        }
        JobParametersBuilder parameters = new JobParametersBuilder().addLong("launched", System.currentTimeMillis());
        if (url || source.equals("-")) {
            parameters.addString(PlcImportJobConfiguration.SOURCE, source);
        } else {
            // absolute, so that a restart from another directory reads the same file, and checks it is the same
            Path file = Path.of(source).toAbsolutePath().normalize();
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException("--source " + file + " is a directory, not an export file");
            }
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("cannot read export file " + file);
            }
            parameters.addString(PlcImportJobConfiguration.SOURCE, file.toString())
                    .addString(PlcImportJobConfiguration.SOURCE_IDENTITY, FileIdentity.of(file), false);
        }
        if (after != null) {
            parameters.addString(PlcImportJobConfiguration.AFTER, after);
        }
        Job job = context.bean(PlcImportJobConfiguration.JOB_NAME, Job.class);
        JobExecution execution = context.bean(JobRunner.class).start(job, parameters.toJobParameters());
        return ExecutionOutcome.print(execution);
    }
}
