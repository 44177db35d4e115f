package skybatch.jobs.backfill;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.job.flow.support.SimpleFlow;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;
import skybatch.jobs.SkybatchProperties;
import skybatch.jobs.backfill.internal.AggregateRecountTasklet;
import skybatch.jobs.backfill.internal.BackfillItem;
import skybatch.jobs.backfill.internal.BackfillItemWriter;
import skybatch.jobs.backfill.internal.BackfillSources;
import skybatch.jobs.backfill.internal.FirstLoadIndexesTasklet;
import skybatch.jobs.backfill.internal.FullRecountTasklet;
import skybatch.jobs.backfill.internal.LoadPathPartitioner;
import skybatch.jobs.backfill.internal.PdsPartitioner;
import skybatch.jobs.backfill.internal.QueuePartitioner;
import skybatch.jobs.backfill.internal.ReadAheadReader;
import skybatch.jobs.backfill.internal.RecordIndexingProcessor;
import skybatch.jobs.backfill.internal.RepoEnumerationTasklet;
import skybatch.jobs.backfill.internal.RepoLoader;
import skybatch.jobs.backfill.internal.RepoQueueReader;
import skybatch.jobs.backfill.internal.ThreadsAndNotificationsTasklet;
import skybatch.jobs.identity.SigningKeys;
import skybatch.jobs.operations.ProcessMarker;
import skybatch.jobs.operations.ProgressReporter;
import skybatch.jobs.operations.StepStops;
import skybatch.jobs.scaleout.PartitionHandlers;
import skybatch.readers.pds.HostLimiter;
import skybatch.readers.net.EgressGuard;
import skybatch.readers.pds.PdsClient;
import skybatch.readers.pds.TransientPdsException;
import skybatch.writers.aggregate.AggregateRecounter;
import skybatch.writers.aggregate.FullRecount;
import skybatch.writers.backfill.BackfillQueue;
import skybatch.writers.derived.ThreadsAndNotifications;
import skybatch.writers.firehose.RepoStates;
import skybatch.writers.quarantine.QuarantineRepository;
import skybatch.writers.record.FirstLoadIndexes;
import skybatch.writers.record.RecordChangeWriter;
import skybatch.writers.record.RecordIndexer;
import skybatch.writers.record.RecordTablesWriter;

/**
 * backfillReposJob: fills the durable queue {@code skybatch.backfill_repo} with the run's repositories (listRepos
 * of PDSes, or DIDs), then backfills them with partitioned workers, each its own share of the queue: download,
 * verify, walk, and write each repository's records into the app-view's record tables, in chunks of records; last,
 * recounts the post and account counts the records changed. Bad data goes to the quarantine table and the run goes
 * on. See {@code README.md} beside this file.
 */
@Configuration(proxyBeanMethods = false)
public class BackfillJobConfiguration {

    public static final String JOB_NAME = "backfillReposJob";
    /** Comma-separated PDS hosts or base URLs. */
    public static final String PDS = "pds";
    /** Comma-separated DIDs. */
    public static final String DIDS = "dids";
    /** A file of DIDs, one a line. */
    public static final String DIDS_FILE = "didsFile";
    /** {@code true}: the repositories the firehose tail found due (desynchronized, or first seen in the stream). */
    public static final String FIREHOSE_DUE = "firehoseDue";
    /** Comma-separated NSIDs; absent: every collection. */
    public static final String COLLECTIONS = "collections";
    /** {@code false} skips the commit signature check; anything else, or absent, checks it. */
    public static final String VERIFY_SIGNATURES = "verifySignatures";

    @Bean
    @StepScope
    RepoEnumerationTasklet repoEnumerationTasklet(@Value("#{jobParameters['" + PDS + "']}") String pds,
            @Value("#{jobParameters['" + DIDS + "']}") String dids,
            @Value("#{jobParameters['" + DIDS_FILE + "']}") String didsFile,
            @Value("#{jobParameters['" + FIREHOSE_DUE + "']}") String firehoseDue, PdsClient pdsClient,
            BackfillQueue backfillQueue, QuarantineRepository quarantine, SkybatchProperties properties,
            DataSource dataSource, StepStops stepStops) {
        return new RepoEnumerationTasklet(BackfillSources.of(pds, dids, didsFile, firehoseDue), pdsClient,
                backfillQueue, quarantine, properties.backfill().listPageSize(),
                new RepoStates(dataSource, properties.dataplaneSchema()), stepStops);
    }

    /** The worker's reader: its share of the queue, repository by repository, as record changes. */
    @Bean
    @StepScope
    RepoQueueReader repoQueueReader(BackfillQueue backfillQueue, RepoLoader repoLoader, DataSource dataSource,
            SkybatchProperties properties,
            @Value("#{stepExecution.jobExecution.jobInstance.instanceId}") Long jobInstanceId,
            @Value("#{stepExecution.jobExecutionId}") Long jobExecutionId,
            @Value("#{stepExecutionContext['" + QueuePartitioner.INDEX + "']}") Integer index,
            @Value("#{stepExecutionContext['" + QueuePartitioner.COUNT + "']}") Integer count,
            @Value("#{stepExecutionContext['" + PdsPartitioner.SLICES + "']}") String slices,
            @Value("#{stepExecutionContext['" + PdsPartitioner.SLICES_PER_PDS + "']}") Integer slicesPerPds,
            @Value("#{jobParameters['" + COLLECTIONS + "']}") String collections,
            @Value("#{jobParameters['" + VERIFY_SIGNATURES + "']}") String verifySignatures,
            @Value("#{stepExecution}") StepExecution stepExecution, StepStops stepStops) {
        RepoQueueReader.Share share = slices == null
                ? new RepoQueueReader.Share(jobInstanceId, jobExecutionId, index == null ? 0 : index,
                        count == null ? 1 : count, null, null)
                : new RepoQueueReader.Share(jobInstanceId, jobExecutionId, 0, 1,
                        PdsPartitioner.slices(slices, slicesPerPds),
                        PdsPartitioner.shareOf(slicesPerPds, properties.backfill().pdsRequestsPerSecond()));
        return new RepoQueueReader(backfillQueue, repoLoader, dataSource, properties.dataplaneSchema(), share,
                BackfillSources.collectionFilter(collections), !"false".equalsIgnoreCase(verifySignatures),
                stepStops.of(stepExecution));
    }

    /** The indexer: each change's dataplane rows, or its rejection into quarantine. */
    @Bean
    @StepScope
    RecordIndexingProcessor backfillIndexer(@Value("#{stepExecution.jobExecutionId}") Long jobExecutionId) {
        return new RecordIndexingProcessor(new RecordIndexer(jobExecutionId));
    }

    /** Reader and indexer together, on the worker's reading thread. */
    @Bean
    @StepScope
    ReadAheadReader<BackfillItem, BackfillItem> backfillReader(RepoQueueReader repoQueueReader,
            RecordIndexingProcessor backfillIndexer, SkybatchProperties properties,
            @Value("#{stepExecutionContext['" + QueuePartitioner.INDEX + "']}") Integer index) {
        return new ReadAheadReader<>(repoQueueReader, backfillIndexer, repoQueueReader,
                properties.backfill().chunkSize(), "backfill-read-" + (index == null ? 0 : index));
    }

    /**
     * The writer: the records through the one record path, and the repositories' ends in the queue; on a first
     * load without noting counts (the path is in the share's context, see {@link LoadPathPartitioner}).
     */
    @Bean
    @StepScope
    BackfillItemWriter backfillItemWriter(RecordChangeWriter recordChangeWriter, BackfillQueue backfillQueue,
            @Value("#{stepExecutionContext['" + LoadPathPartitioner.RECOUNTS + "']}") String recounts,
            @Value("#{stepExecution.jobExecutionId}") Long jobExecutionId) {
        return new BackfillItemWriter(recordChangeWriter, backfillQueue, LoadPathPartitioner.recounts(recounts),
                jobExecutionId);
    }

    /** One per worker: each reports its own share. */
    @Bean
    @StepScope
    ProgressReporter backfillProgress(ReadAheadReader<BackfillItem, BackfillItem> backfillReader) {
        return new ProgressReporter(backfillReader);
    }

    @Bean
    Step backfillEnqueueStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            RepoEnumerationTasklet repoEnumerationTasklet) {
        return new StepBuilder("backfillEnqueueStep", jobRepository)
                .tasklet(repoEnumerationTasklet, transactionManager).build();
    }

    /**
     * A worker: its reader downloads, walks and indexes the records of its repositories on a thread of its own,
     * ahead of the chunk writes (see {@link ReadAheadReader}); each chunk commits with the queue status of the
     * repositories it ends.
     */
    @Bean
    Step backfillReposWorkerStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            ReadAheadReader<BackfillItem, BackfillItem> backfillReader, BackfillItemWriter backfillItemWriter,
            ProgressReporter backfillProgress, SkybatchProperties properties) {
        return new StepBuilder("backfillReposWorkerStep", jobRepository)
                .<BackfillItem, BackfillItem>chunk(properties.backfill().chunkSize())
                .transactionManager(transactionManager)
                .reader(backfillReader)
                .writer(backfillItemWriter)
                .listener(backfillProgress)
                .build();
    }

    /**
     * Runs one worker per share of the queue, each on its own threads and database connections: one for its chunks,
     * one that reads the stored records of the repository at hand, and short-lived ones for the queue. With
     * SKYBATCH_AMQP_URL the shares go to worker processes instead, by slices of PDSes (see {@link PdsPartitioner}).
     */
    @Bean
    Step backfillReposStep(JobRepository jobRepository, Step backfillReposWorkerStep, SkybatchProperties properties,
            HikariDataSource dataSource, PartitionHandlers partitionHandlers, Partitioner backfillPartitioner) {
        int partitions = properties.backfill().partitions();
        if (!partitionHandlers.remote() && 2 * partitions + 2 > dataSource.getMaximumPoolSize()) {
            throw new IllegalStateException("skybatch.backfill.partitions=" + partitions + " needs a pool of at least "
                    + (2 * partitions + 2) + " connections, not " + dataSource.getMaximumPoolSize());
        }
        return new StepBuilder("backfillReposStep", jobRepository)
                .partitioner("backfillReposWorkerStep", backfillPartitioner)
                .partitionHandler(partitionHandlers.of(backfillReposWorkerStep, partitions, "backfill-"))
                .build();
    }

    /**
     * Shares by DID in this process; over worker processes, by slices of PDSes, each partition with its share of
     * their limits, so that each PDS's limits hold for all of them together. Each share's context also says whether
     * the run is a first load (empty record tables: no count notes per chunk, one full recount at the end).
     */
    @Bean
    @JobScope
    Partitioner backfillPartitioner(@Value("#{jobExecution.jobInstance.instanceId}") Long jobInstanceId,
            BackfillQueue backfillQueue, SkybatchProperties properties, PartitionHandlers partitionHandlers,
            FullRecount fullRecount, FirstLoadIndexes firstLoadIndexes) {
        int partitions = properties.backfill().partitions();
        Partitioner shares = partitionHandlers.remote()
                ? new PdsPartitioner(backfillQueue, jobInstanceId, partitions, properties.backfill().pdsConcurrency())
                : new QueuePartitioner(partitions);
        return new LoadPathPartitioner(shares, fullRecount, firstLoadIndexes);
    }

    /**
     * On a first load, sets every post's flags, then builds the secondary indexes it dropped (see
     * {@link LoadPathPartitioner}), before the threads step.
     */
    @Bean
    Step backfillIndexesStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            FirstLoadIndexes firstLoadIndexes, FullRecount fullRecount, DataSource dataSource,
            SkybatchProperties properties) {
        return new StepBuilder("backfillIndexesStep", jobRepository)
                .tasklet(new FirstLoadIndexesTasklet(firstLoadIndexes, fullRecount,
                        new ThreadsAndNotifications(dataSource, properties.dataplaneSchema())), transactionManager)
                .build();
    }

    @Bean
    FirstLoadIndexes firstLoadIndexes(DataSource dataSource, SkybatchProperties properties) {
        return new FirstLoadIndexes(dataSource, properties.dataplaneSchema());
    }

    /**
     * Sets the gate and validity flags of the posts the run's records change (before the counts, which leave out
     * replies that break a thread gate), and writes their notifications.
     */
    @Bean
    Step backfillThreadsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            ThreadsAndNotificationsTasklet threadsAndNotificationsTasklet) {
        return new StepBuilder("backfillThreadsStep", jobRepository)
                .tasklet(threadsAndNotificationsTasklet, transactionManager).build();
    }

    @Bean
    @StepScope
    ThreadsAndNotificationsTasklet threadsAndNotificationsTasklet(DataSource dataSource, SkybatchProperties properties,
            BackfillQueue backfillQueue, @Value("#{stepExecution.jobExecution.jobInstance.instanceId}") Long jobInstanceId) {
        return new ThreadsAndNotificationsTasklet(backfillQueue, jobInstanceId,
                new ThreadsAndNotifications(dataSource, properties.dataplaneSchema()),
                FirstLoadIndexes.ofNotifications(dataSource, properties.dataplaneSchema()));
    }

    /**
     * Recounts the likes, replies, reposts and quotes of posts, and the follows and posts of accounts, noted as
     * changed (after a first load, only those whose replies' flags changed after the full recount's snapshot).
     */
    @Bean
    Step backfillAggregatesStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            DataSource dataSource, SkybatchProperties properties) {
        return new StepBuilder("backfillAggregatesStep", jobRepository)
                .tasklet(new AggregateRecountTasklet(new AggregateRecounter(dataSource, properties.dataplaneSchema())),
                        transactionManager)
                .build();
    }

    @Bean
    FullRecount fullRecount(DataSource dataSource, SkybatchProperties properties) {
        return new FullRecount(dataSource, properties.dataplaneSchema());
    }

    /**
     * After a first load's records and indexes, every post's and account's counts in one set-based pass, beside the
     * threads step (see {@link FullRecountTasklet}); nothing on the merge path.
     */
    @Bean
    Step backfillFullRecountStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            FullRecount fullRecount) {
        return new StepBuilder("backfillFullRecountStep", jobRepository)
                .tasklet(new FullRecountTasklet(fullRecount), transactionManager).build();
    }

    /**
     * The records, their indexes; then, at once on two connections, the flags and notifications (one backend's
     * statements, while the JVM has nothing to do) and a first load's full recount (see {@link FullRecountTasklet});
     * last the counts noted and not yet counted.
     */
    @Bean
    Job backfillReposJob(JobRepository jobRepository, Step backfillEnqueueStep, Step backfillReposStep,
            Step backfillIndexesStep, Step backfillThreadsStep, Step backfillFullRecountStep,
            Step backfillAggregatesStep, ProcessMarker processMarker) {
        Flow threadsAndFullRecount = new FlowBuilder<SimpleFlow>("backfillThreadsAndFullRecount")
                .split(new SimpleAsyncTaskExecutor("backfill-derive-"))
                .add(new FlowBuilder<SimpleFlow>("backfillThreads").start(backfillThreadsStep).build(),
                        new FlowBuilder<SimpleFlow>("backfillFullRecount").start(backfillFullRecountStep).build())
                .build();
        return new JobBuilder(JOB_NAME, jobRepository).flow(backfillEnqueueStep).next(backfillReposStep)
                .next(backfillIndexesStep).next(threadsAndFullRecount).next(backfillAggregatesStep).end()
                .listener(processMarker).build();
    }

    @Bean
    RepoLoader repoLoader(PdsClient pdsClient, SigningKeys signingKeys, SkybatchProperties properties) {
        SkybatchProperties.Backfill settings = properties.backfill();
        return new RepoLoader(pdsClient, signingKeys, settings.repoMemory().toBytes(), settings.spillPath());
    }

    @Bean(destroyMethod = "close")
    PdsClient pdsClient(EgressGuard egressGuard, SkybatchProperties properties) {
        SkybatchProperties.Backfill settings = properties.backfill();
        RetryPolicy retries = RetryPolicy.builder().includes(TransientPdsException.class)
                .maxRetries(settings.retries()).delay(settings.retryDelay()).multiplier(2)
                .maxDelay(Duration.ofMinutes(1)).build();
        return new PdsClient(egressGuard, settings.httpTimeout(), settings.repoTimeout(),
                settings.maxRepoSize().toBytes(), new HostLimiter(settings.pdsConcurrency(),
                settings.pdsRequestsPerSecond()), retries);
    }

    @Bean
    BackfillQueue backfillQueue(DataSource dataSource, SkybatchProperties properties) {
        return new BackfillQueue(dataSource, properties.dataplaneSchema());
    }

    @Bean
    RecordChangeWriter recordChangeWriter(DataSource dataSource, SkybatchProperties properties,
            QuarantineRepository quarantineRepository) {
        return new RecordChangeWriter(new RecordTablesWriter(dataSource, properties.dataplaneSchema()),
                quarantineRepository);
    }
}
