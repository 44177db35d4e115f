package skybatch.jobs.labels;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;
import skybatch.jobs.SkybatchProperties;
import skybatch.jobs.firehose.internal.JournalBatchReader;
import skybatch.jobs.identity.CachedDirectory;
import skybatch.jobs.identity.LocalDocuments;
import skybatch.jobs.labels.internal.LabelApplier;
import skybatch.jobs.labels.internal.LabelBatchDecoder;
import skybatch.jobs.labels.internal.LabelMeters;
import skybatch.jobs.labels.internal.LabelBatch;
import skybatch.jobs.labels.internal.Labeler;
import skybatch.jobs.labels.internal.LabelerPartitioner;
import skybatch.jobs.labels.internal.Labelers;
import skybatch.jobs.operations.ProcessMarker;
import skybatch.jobs.tail.CheckAheadReader;
import skybatch.jobs.tail.PendingBatch;
import skybatch.readers.identity.IdentityNetwork;
import skybatch.readers.syntax.Did;
import skybatch.schedules.Misfire;
import skybatch.schedules.Schedule;
import skybatch.schedules.ScheduleSettings;
import skybatch.writers.actor.StoredIdentities;
import skybatch.writers.firehose.TailPositions;
import skybatch.writers.label.LabelWriter;
import skybatch.writers.quarantine.QuarantineRepository;

/**
 * labelTailJob: applies the journals of the labelers in SKYBATCH_LABELERS (what {@code labels ingest} received)
 * to the app-view's {@code label} table, one partition per labeler: the reader takes the journal entries after the
 * committed position and has the decoder check each label (src, subject, signature with the labeler's key; the
 * next batch's while this one is written), the applier
 * writes the labels, the quarantined input and the new position in the chunk's transaction. See {@code README.md}
 * beside this file.
 */
@Configuration(proxyBeanMethods = false)
public class LabelTailJobConfiguration {

    public static final String JOB_NAME = "labelTailJob";
    /** {@code true}: apply what the journals hold, then complete; else follow them until stopped. */
    public static final String DRAIN = "drain";
    private static final String LABELER = "#{stepExecutionContext['" + LabelerPartitioner.LABELER + "']}";

    /** The journal after the committed position, each batch checked by the decoder, the next while this is written. */
    @Bean
    @StepScope
    CheckAheadReader<LabelBatch> labelReader(Labelers labelers, TailPositions tailPositions, DataSource dataSource,
            SkybatchProperties properties, @Value(LABELER) String labeler,
            @Value("#{jobParameters['" + DRAIN + "']}") String drain, LabelBatchDecoder labelDecoder) {
        SkybatchProperties.Labels settings = properties.labels();
        JournalBatchReader journal = new JournalBatchReader(labelers.get(Did.parse(labeler)).journal(), tailPositions,
                dataSource, settings.chunkSize(), settings.idleCommit(), "true".equalsIgnoreCase(drain));
        return new CheckAheadReader<>(journal, labelDecoder::start);
    }

    /** The labeler's checks (its key's, on a thread of their own); closed with the step. */
    @Bean
    @StepScope
    LabelBatchDecoder labelDecoder(Labelers labelers, @Value(LABELER) String labeler,
            @Value("#{stepExecution.jobExecutionId}") Long jobExecutionId) {
        return new LabelBatchDecoder(labelers.get(Did.parse(labeler)), jobExecutionId);
    }

    @Bean
    @StepScope
    LabelApplier labelApplier(Labelers labelers, @Value(LABELER) String labeler, DataSource dataSource,
            QuarantineRepository quarantineRepository, TailPositions tailPositions, SkybatchProperties properties,
            LabelMeters labelMeters) {
        Labeler resolved = labelers.get(Did.parse(labeler));
        return new LabelApplier(resolved, new LabelWriter(dataSource, properties.dataplaneSchema()),
                quarantineRepository, tailPositions, properties.labels().retention(),
                labelMeters.of(resolved));
    }

    @Bean
    Step labelTailWorkerStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            CheckAheadReader<LabelBatch> labelReader, LabelApplier labelApplier) {
        return new StepBuilder("labelTailWorkerStep", jobRepository)
                .<PendingBatch<LabelBatch>, LabelBatch>chunk(1)
                .transactionManager(transactionManager)
                .reader(labelReader)
                .processor(PendingBatch::join)
                .writer(labelApplier)
                .build();
    }

    /** Every labeler at once: each partition follows its journal until stopped (or drained). */
    @Bean
    Step labelTailStep(JobRepository jobRepository, Step labelTailWorkerStep, Labelers labelers) {
        int count = Math.max(1, labelers.count());
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("label-tail-");
        executor.setConcurrencyLimit(count);
        return new StepBuilder("labelTailStep", jobRepository)
                .partitioner("labelTailWorkerStep", new LabelerPartitioner(labelers))
                .step(labelTailWorkerStep)
                .gridSize(count)
                .taskExecutor(executor)
                .build();
    }

    @Bean
    Job labelTailJob(JobRepository jobRepository, Step labelTailStep, ProcessMarker processMarker) {
        return new JobBuilder(JOB_NAME, jobRepository).start(labelTailStep).listener(processMarker).build();
    }

    @Bean
    LabelMeters labelMeters(MeterRegistry meterRegistry) {
        return new LabelMeters(meterRegistry);
    }

    /**
     * label-tail: while {@code serve} runs with labelers (SKYBATCH_LABELERS set), restarts the labels tail if it
     * stopped or failed; a firing while it runs waits (the schedule is BLOCKED). {@code serve} runs the labelers'
     * ingests beside it.
     */
    @Bean
    Schedule labelTailSchedule(Environment environment, SkybatchProperties properties) {
        Schedule configured = ScheduleSettings.of(environment, "label-tail").schedule(JOB_NAME, "0 * * * * ?",
                Misfire.SKIP, Map.of(DRAIN, "false"));
        boolean labelers = properties.labelers().stream().anyMatch(entry -> !entry.isBlank());
        return new Schedule(configured.name(), configured.job(), configured.enabled() && labelers, configured.cron(),
                configured.misfire(), configured.parameters());
    }

    @Bean
    LabelMonitor labelMonitor(Labelers labelers, TailPositions tailPositions, DataSource dataSource,
            SkybatchProperties properties) {
        return new LabelMonitor(labelers, tailPositions, dataSource, properties);
    }

    /**
     * The labelers, resolved through the PLC import's documents first, then the network; those named by host
     * through the identity directory (its cache first).
     */
    @Bean(destroyMethod = "close")
    Labelers labelers(SkybatchProperties properties, StoredIdentities storedIdentities, IdentityNetwork identityNetwork,
            CachedDirectory identityDirectory) {
        return new Labelers(properties.labelers(),
                new LocalDocuments(storedIdentities).orElse(identityNetwork.documents()), identityDirectory,
                properties.labels().journalsPath(properties.homeDirectory()));
    }
}
