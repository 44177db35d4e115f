package skybatch.jobs.firehose;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;
import skybatch.jobs.SkybatchProperties;
import skybatch.jobs.backfill.BackfillJobConfiguration;
import skybatch.jobs.firehose.internal.EventApplier;
import skybatch.jobs.firehose.internal.EventDecoder;
import skybatch.jobs.firehose.internal.JournalBatchReader;
import skybatch.jobs.firehose.internal.LiveBatch;
import skybatch.jobs.firehose.internal.LiveDerivations;
import skybatch.jobs.firehose.internal.RepoKeys;
import skybatch.jobs.firehose.internal.TailMetrics;
import skybatch.jobs.identity.CachedDirectory;
import skybatch.jobs.identity.SigningKeys;
import skybatch.jobs.operations.ProcessMarker;
import skybatch.jobs.tail.CheckAheadReader;
import skybatch.jobs.tail.PendingBatch;
import skybatch.readers.firehose.Journal;
import skybatch.schedules.Misfire;
import skybatch.schedules.Schedule;
import skybatch.schedules.ScheduleSettings;
import skybatch.writers.actor.AccountChanges;
import skybatch.writers.aggregate.AggregateRecounter;
import skybatch.writers.derived.ThreadsAndNotifications;
import skybatch.writers.firehose.ParkedEvents;
import skybatch.writers.firehose.RepoStates;
import skybatch.writers.firehose.TailPositions;
import skybatch.writers.notification.ThreadMutes;
import skybatch.writers.quarantine.QuarantineRepository;
import skybatch.writers.record.RecordChangeWriter;
import skybatch.writers.record.RecordTablesWriter;

/**
 * firehoseTailJob: applies the firehose journal (what {@code firehose ingest} received from the relay) to the
 * dataplane tables, one batch of journal entries per chunk: the reader takes the entries after the committed
 * position and starts checking them (frame, blocks, signature) on every core, one batch ahead of the writes; the
 * decoder hands on the checked events; the applier writes what they change through the same record path as the
 * backfill, with the new position, in the chunk's transaction. See {@code README.md}
 * beside this file.
 */
@Configuration(proxyBeanMethods = false)
public class FirehoseTailJobConfiguration {

    public static final String JOB_NAME = "firehoseTailJob";
    /** {@code true}: apply what the journal holds, then complete; else follow it until stopped. */
    public static final String DRAIN = "drain";

    @Bean
    @StepScope
    CheckAheadReader<LiveBatch> firehoseReader(Journal firehoseJournal, TailPositions tailPositions, DataSource dataSource,
            SkybatchProperties properties, EventDecoder firehoseDecoder,
            @Value("#{jobParameters['" + DRAIN + "']}") String drain) {
        SkybatchProperties.Firehose settings = properties.firehose();
        return new CheckAheadReader<>(new JournalBatchReader(firehoseJournal, tailPositions, dataSource,
                settings.chunkSize(), settings.idleCommit(), "true".equalsIgnoreCase(drain)), firehoseDecoder::start);
    }

    @Bean
    EventDecoder firehoseDecoder(RepoKeys repoKeys) {
        return new EventDecoder(repoKeys);
    }

    @Bean
    @StepScope
    EventApplier firehoseApplier(Journal firehoseJournal, QuarantineRepository quarantineRepository,
            DataSource dataSource, SkybatchProperties properties, RepoKeys repoKeys, TailMetrics tailMetrics,
            TailPositions tailPositions, EventDecoder firehoseDecoder,
            @Value("#{stepExecution.jobExecutionId}") Long jobExecutionId) {
        SkybatchProperties.Firehose settings = properties.firehose();
        // the backfill's record path, with the conflicts a live stream brings (replays, duplicates) expected
        RecordChangeWriter records = new RecordChangeWriter(new RecordTablesWriter(dataSource,
                properties.dataplaneSchema(), RecordTablesWriter.Conflicts.EXPECTED), quarantineRepository);
        return new EventApplier(JournalBatchReader.name(firehoseJournal), jobExecutionId, records,
                new RepoStates(dataSource, properties.dataplaneSchema()),
                new AccountChanges(dataSource, properties.dataplaneSchema()),
                new ParkedEvents(dataSource, properties.dataplaneSchema()), tailPositions, repoKeys, tailMetrics,
                settings.backfillNewRepos(), applied -> firehoseJournal.release(applied, settings.retention()),
                firehoseDecoder, firehoseJournal::entryAt, new LiveDerivations(
                        new ThreadsAndNotifications(dataSource, properties.dataplaneSchema()),
                        new AggregateRecounter(dataSource, properties.dataplaneSchema()),
                        new ThreadMutes(dataSource, properties.dataplaneSchema())));
    }

    @Bean
    Step firehoseTailStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            CheckAheadReader<LiveBatch> firehoseReader, EventDecoder firehoseDecoder, EventApplier firehoseApplier) {
        return new StepBuilder("firehoseTailStep", jobRepository)
                .<PendingBatch<LiveBatch>, LiveBatch>chunk(1)
                .transactionManager(transactionManager)
                .reader(firehoseReader)
                .processor(firehoseDecoder)
                .writer(firehoseApplier)
                .build();
    }

    @Bean
    Job firehoseTailJob(JobRepository jobRepository, Step firehoseTailStep, ProcessMarker processMarker) {
        return new JobBuilder(JOB_NAME, jobRepository).start(firehoseTailStep).listener(processMarker).build();
    }

    /**
     * firehose-tail: while {@code serve} runs the firehose (SKYBATCH_FIREHOSE_ENABLED), restarts the tail if it
     * stopped or failed; a firing while it runs waits (the schedule is BLOCKED).
     */
    @Bean
    Schedule firehoseTailSchedule(Environment environment, SkybatchProperties properties) {
        return whileFirehoseEnabled(ScheduleSettings.of(environment, "firehose-tail").schedule(JOB_NAME,
                "0 * * * * ?", Misfire.SKIP, Map.of(DRAIN, "false")), properties);
    }

    /**
     * firehose-backfill: while {@code serve} runs the firehose, backfills every ten minutes the repositories the tail
     * found due: desynchronized ones (whose events wait), and new ones (their older records).
     */
    @Bean
    Schedule firehoseBackfillSchedule(Environment environment, SkybatchProperties properties) {
        return whileFirehoseEnabled(ScheduleSettings.of(environment, "firehose-backfill").schedule(
                BackfillJobConfiguration.JOB_NAME, "0 */10 * * * ?", Misfire.SKIP,
                Map.of(BackfillJobConfiguration.FIREHOSE_DUE, "true")), properties);
    }

    private static Schedule whileFirehoseEnabled(Schedule configured, SkybatchProperties properties) {
        return new Schedule(configured.name(), configured.job(), configured.enabled() && properties.firehose().enabled(),
                configured.cron(), configured.misfire(), configured.parameters());
    }

    @Bean(destroyMethod = "close")
    @Lazy
    Journal firehoseJournal(SkybatchProperties properties) {
        return Journal.open(properties.firehose().journalPath(properties.homeDirectory()));
    }

    @Bean
    RepoKeys repoKeys(SigningKeys signingKeys, CachedDirectory identityDirectory) {
        return new RepoKeys(signingKeys, identityDirectory);
    }

    @Bean
    TailMetrics tailMetrics(MeterRegistry meterRegistry, FirehoseLink firehoseLink, TailMonitor tailMonitor) {
        return new TailMetrics(meterRegistry, () -> firehoseLink.active() ? tailMonitor.lag() : null);
    }

    @Bean
    FirehoseLink firehoseLink(TailMonitor tailMonitor) {
        return new FirehoseLink(tailMonitor);
    }

    @Bean
    TailMonitor tailMonitor(SkybatchProperties properties, ObjectProvider<Journal> firehoseJournal,
            TailPositions tailPositions, DataSource dataSource) {
        return new TailMonitor(properties.firehose().relay(), firehoseJournal, tailPositions, dataSource,
                properties.dataplaneSchema());
    }

    @Bean
    TailPositions tailPositions(DataSource dataSource) {
        return new TailPositions(dataSource);
    }
}
