package skybatch.jobs.plc;

import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.skip.AlwaysSkipItemSkipPolicy;
import org.springframework.batch.core.step.skip.LimitCheckingExceptionHierarchySkipPolicy;
import org.springframework.batch.core.step.skip.SkipPolicy;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;
import skybatch.jobs.SkybatchProperties;
import skybatch.jobs.operations.ProcessMarker;
import skybatch.jobs.operations.ProgressReporter;
import skybatch.jobs.operations.Shards;
import skybatch.jobs.operations.StepStops;
import skybatch.jobs.plc.internal.DidPartitioner;
import skybatch.jobs.plc.internal.FirstLoadBuildTasklet;
import skybatch.jobs.plc.internal.ImportPath;
import skybatch.jobs.plc.internal.NoValidLineCheck;
import skybatch.jobs.plc.internal.PlcExportReaders;
import skybatch.jobs.plc.internal.QuarantineSkipListener;
import skybatch.readers.net.EgressGuard;
import skybatch.readers.plc.InvalidPlcLineException;
import skybatch.readers.plc.PlcExportLine;
import skybatch.readers.plc.PlcExportLineProcessor;
import skybatch.readers.plc.PlcExportReader;
import skybatch.readers.plc.PlcOperation;
import skybatch.schedules.Misfire;
import skybatch.schedules.Schedule;
import skybatch.schedules.ScheduleSettings;
import skybatch.writers.actor.PlcIdentityWriter;
import skybatch.writers.actor.PlcLoadBuild;
import skybatch.writers.actor.PlcLoadWriter;
import skybatch.writers.quarantine.QuarantineRepository;

/**
 * plcImportJob: streams the PLC export (a file, stdin or the directory's export endpoint, job parameter
 * {@code source}) into actor_identity, actor and did_cache. A file is read by several partitioned workers, each
 * importing its own share of the DIDs; each worker is a chunk-oriented step. On empty tables the workers only
 * append to a stage and a last step builds the tables from it (a first load); otherwise each chunk merges. Bad
 * lines are skipped into the quarantine table. See {@code README.md} beside this file.
 */
@Configuration(proxyBeanMethods = false)
public class PlcImportJobConfiguration {

    public static final String JOB_NAME = "plcImportJob";
    public static final String SOURCE = "source";
    public static final String AFTER = "after";
    /** A file's size and fingerprint when the import began (not identifying): a restart checks it reads that file. */
    public static final String SOURCE_IDENTITY = "sourceIdentity";
    private static final String WORKER_STEP = "plcImportWorkerStep";

    /** Decides the path (load or merge), imports the partitions, then builds the tables if it loaded. */
    @Bean
    Job plcImportJob(JobRepository jobRepository, Step plcImportPathStep, Step plcImportStep,
            Step plcImportBuildStep, ProcessMarker processMarker) {
        return new JobBuilder(JOB_NAME, jobRepository).start(plcImportPathStep).next(plcImportStep)
                .next(plcImportBuildStep).listener(processMarker).build();
    }

    @Bean
    Step plcImportPathStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            PlcLoadBuild plcLoadBuild, SkybatchProperties properties) {
        return new StepBuilder(ImportPath.STEP, jobRepository)
                .tasklet(new ImportPath(plcLoadBuild, jobRepository, properties.plc().firstLoad()), transactionManager)
                .build();
    }

    /** Runs one worker per share of the DIDs, each on its own thread and database connection. */
    @Bean
    Step plcImportStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            PlcExportReader plcExportReader, ItemWriter<PlcOperation> plcImportWriter,
            QuarantineSkipListener quarantineSkipListener, DidPartitioner didPartitioner,
            NoValidLineCheck noValidLineCheck, SkybatchProperties properties) {
        return new StepBuilder("plcImportStep", jobRepository)
                .partitioner(WORKER_STEP, didPartitioner)
                .step(workerStep(jobRepository, transactionManager, plcExportReader, plcImportWriter,
                        quarantineSkipListener, properties))
                .gridSize(properties.plc().partitions())
                .taskExecutor(new SimpleAsyncTaskExecutor("plc-import-"))
                .listener(noValidLineCheck)
                .build();
    }

    @Bean
    @JobScope
    NoValidLineCheck noValidLineCheck(QuarantineRepository quarantine,
            @Value("#{jobParameters['" + SOURCE + "']}") String source) {
        return new NoValidLineCheck(quarantine, source);
    }

    @Bean
    @StepScope
    DidPartitioner didPartitioner(@Value("#{jobParameters['" + SOURCE + "']}") String source,
            SkybatchProperties properties) {
        return new DidPartitioner(source, properties.plc().partitions());
    }

    /**
     * A worker: a chunk-oriented step with no Micrometer observations. Its steps' and items' would cost every line
     * an observation made and then refused (spring.batch.item is disabled, but the registry is asked per item); it is
     * not a bean, so that Spring Batch does not give it the application's registry. The partitioned step above it
     * is observed as every other step.
     */
    private static Step workerStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            PlcExportReader plcExportReader, ItemWriter<PlcOperation> plcImportWriter,
            QuarantineSkipListener quarantineSkipListener, SkybatchProperties properties) {
        return new StepBuilder(WORKER_STEP, jobRepository)
                .<PlcExportLine, PlcOperation>chunk(properties.plc().chunkSize())
                .observationRegistry(ObservationRegistry.NOOP)
                .transactionManager(transactionManager)
                .reader(plcExportReader)
                .processor(new PlcExportLineProcessor())
                .writer(plcImportWriter)
                .faultTolerant()
                .skipPolicy(skipPolicy(properties.plc().skipLimit()))
                .skipListener(quarantineSkipListener)
                .listener(new ProgressReporter(plcExportReader))
                .build();
    }

    private static SkipPolicy skipPolicy(long limit) {
        return limit < 0 ? new OnlyInvalidLines()
                : new LimitCheckingExceptionHierarchySkipPolicy(java.util.Set.of(InvalidPlcLineException.class), limit);
    }

    /** Without a limit, every bad line is skipped, and nothing else is. */
    private static final class OnlyInvalidLines implements SkipPolicy {
        private final SkipPolicy always = new AlwaysSkipItemSkipPolicy();

        @Override
        public boolean shouldSkip(Throwable t, long skipCount) {
            return t instanceof InvalidPlcLineException && always.shouldSkip(t, skipCount);
        }
    }

    @Bean
    @StepScope
    PlcExportReader plcExportReader(@Value("#{jobParameters['" + SOURCE + "']}") String source,
            @Value("#{jobParameters['" + SOURCE_IDENTITY + "']}") String sourceIdentity,
            @Value("#{jobParameters['" + AFTER + "']}") String after,
            @Value("#{stepExecutionContext['" + Shards.INDEX + "']}") Integer partition,
            @Value("#{stepExecutionContext['" + Shards.COUNT + "']}") Integer partitions,
            @Value("#{stepExecution}") StepExecution stepExecution, StepStops stepStops,
            EgressGuard egressGuard, SkybatchProperties properties) throws IOException {
        return PlcExportReaders.forSource(source, sourceIdentity, after, DidPartitioner.of(partition, partitions), properties.plc(),
                egressGuard, stepStops.of(stepExecution));
    }

    /** A load appends each chunk to the stage; a merge merges it into the tables (see {@link ImportPath}). */
    @Bean
    @StepScope
    ItemWriter<PlcOperation> plcImportWriter(@Value("#{stepExecution}") StepExecution stepExecution,
            JobRepository jobRepository, DataSource dataSource, PlcLoadBuild plcLoadBuild,
            SkybatchProperties properties) {
        if (ImportPath.isFirstLoad(jobRepository, stepExecution.getJobExecution())) {
            ImportPath.requireLoadBegun(plcLoadBuild, stepExecution.getJobExecution());
            return new PlcLoadWriter(dataSource);
        }
        return new PlcIdentityWriter(dataSource, properties.dataplaneSchema());
    }

    @Bean
    Step plcImportBuildStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            PlcLoadBuild plcLoadBuild) {
        return new StepBuilder(FirstLoadBuildTasklet.STEP, jobRepository)
                .tasklet(new FirstLoadBuildTasklet(plcLoadBuild, jobRepository), transactionManager)
                .build();
    }

    @Bean
    PlcLoadBuild plcLoadBuild(DataSource dataSource, SkybatchProperties properties) {
        return new PlcLoadBuild(dataSource, properties.dataplaneSchema());
    }

    @Bean
    QuarantineRepository quarantineRepository(DataSource dataSource) {
        return new QuarantineRepository(dataSource);
    }

    @Bean
    @StepScope
    QuarantineSkipListener quarantineSkipListener(QuarantineRepository quarantine,
            @Value("#{stepExecution.jobExecutionId}") Long jobExecutionId) {
        return new QuarantineSkipListener(quarantine, jobExecutionId);
    }

    /**
     * plc-sync: the nightly import of the directory's new operations, each after the last cursor of the latest
     * completed import of the same URL (see {@code PlcSyncCursor}). It runs rarely and each run continues where the
     * last ended, so one catch-up run after downtime does all that was missed.
     */
    @Bean
    Schedule plcSyncSchedule(Environment environment) {
        ScheduleSettings settings = ScheduleSettings.of(environment, "plc-sync");
        return settings.schedule(JOB_NAME, "0 0 3 * * ?", Misfire.FIRE_ONCE_NOW,
                Map.of(SOURCE, settings.value("source", "https://plc.directory")));
    }
}
