package skybatch.jobs.verify;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.batch.infrastructure.item.database.builder.JdbcCursorItemReaderBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;
import skybatch.jobs.SkybatchProperties;
import skybatch.jobs.operations.ProcessMarker;
import skybatch.jobs.operations.Shards;
import skybatch.jobs.scaleout.PartitionHandlers;
import skybatch.jobs.verify.internal.AwaitingWriter;
import skybatch.jobs.verify.internal.CheckSchedule;
import skybatch.jobs.verify.internal.DueDid;
import skybatch.jobs.verify.internal.DueDidQuery;
import skybatch.jobs.verify.internal.HandleVerifier;
import skybatch.jobs.verify.internal.PendingGauge;
import skybatch.readers.identity.IdentityNetwork;
import skybatch.schedules.Misfire;
import skybatch.schedules.Schedule;
import skybatch.schedules.ScheduleSettings;
import skybatch.writers.verification.HandleCheck;
import skybatch.writers.verification.HandleVerificationWriter;

/**
 * verifyHandlesJob: checks the handles DIDs claim and writes the verified ones to {@code actor.handle}. A
 * partitioned step runs one worker per share of the DIDs; each worker reads its due DIDs in priority order and
 * checks a whole chunk at once (the resolvers are asynchronous), then writes the chunk in one transaction. A
 * restart simply asks again for what is due: what was written is no longer due. See {@code README.md} beside this.
 */
@Configuration(proxyBeanMethods = false)
public class VerifyHandlesJobConfiguration {

    public static final String JOB_NAME = "verifyHandlesJob";
    public static final String ONLY = "only";
    public static final String PDS = "pds";
    public static final String LIMIT = "limit";

    @Bean
    Job verifyHandlesJob(JobRepository jobRepository, Step verifyHandlesStep, ProcessMarker processMarker,
            PendingGauge pendingGauge) {
        return new JobBuilder(JOB_NAME, jobRepository).start(verifyHandlesStep).listener(processMarker)
                .listener(pendingGauge).build();
    }

    /** The shares run as threads here, or with SKYBATCH_AMQP_URL in worker processes (see PartitionHandlers). */
    @Bean
    Step verifyHandlesStep(JobRepository jobRepository, Step verifyHandlesWorkerStep, SkybatchProperties properties,
            PartitionHandlers partitionHandlers) {
        int partitions = properties.verify().partitions();
        return new StepBuilder("verifyHandlesStep", jobRepository)
                .partitioner("verifyHandlesWorkerStep", gridSize -> Shards.of(partitions))
                .partitionHandler(partitionHandlers.of(verifyHandlesWorkerStep, partitions, "verify-handles-"))
                .build();
    }

    @Bean
    Step verifyHandlesWorkerStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            JdbcCursorItemReader<DueDid> dueDidReader, HandleVerifier handleVerifier,
            HandleVerificationWriter handleVerificationWriter, SkybatchProperties properties) {
        return new StepBuilder("verifyHandlesWorkerStep", jobRepository)
                .<DueDid, CompletableFuture<HandleCheck>>chunk(properties.verify().chunkSize())
                .transactionManager(transactionManager)
                .reader(dueDidReader)
                .processor(handleVerifier)
                .writer(new AwaitingWriter(handleVerificationWriter))
                .build();
    }

    /** Not restartable by position on purpose: the due set itself shrinks as chunks commit. */
    @Bean
    @StepScope
    JdbcCursorItemReader<DueDid> dueDidReader(DataSource dataSource, SkybatchProperties properties,
            @Value("#{jobParameters['" + ONLY + "']}") String only,
            @Value("#{jobParameters['" + PDS + "']}") String pds,
            @Value("#{jobParameters['" + LIMIT + "']}") Long limit,
            @Value("#{stepExecutionContext['" + Shards.INDEX + "']}") Integer index,
            @Value("#{stepExecutionContext['" + Shards.COUNT + "']}") Integer count) {
        List<String> hosts = new ArrayList<>(properties.verify().priorityHosts());
        if (pds != null && !pds.isBlank()) {
            hosts.add(0, pds);
        }
        long perShare = limit == null || limit <= 0 ? Long.MAX_VALUE : (limit + count - 1) / count;
        return new JdbcCursorItemReaderBuilder<DueDid>()
                .name("dueDidReader")
                .dataSource(dataSource)
                .sql(DueDidQuery.sql(only))
                .queryArguments(count, index, DueDidQuery.hosts(hosts), perShare)
                .rowMapper((rs, i) -> new DueDid(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getBoolean(4), rs.getString(5), rs.getInt(6)))
                .fetchSize(1000)
                .connectionAutoCommit(false)
                .saveState(false)
                .build();
    }

    @Bean
    HandleVerifier handleVerifier(IdentityNetwork identityNetwork, SkybatchProperties properties, Clock clock,
            MeterRegistry meterRegistry) {
        CheckSchedule schedule = new CheckSchedule(properties.verify().validFor(), properties.verify().invalidFor(),
                CheckSchedule.defaults().failureBackoff());
        return new HandleVerifier(identityNetwork.handles(), schedule, clock, meterRegistry);
    }

    @Bean
    HandleVerificationWriter handleVerificationWriter(DataSource dataSource, SkybatchProperties properties) {
        return new HandleVerificationWriter(dataSource, properties.dataplaneSchema());
    }

    @Bean
    PendingGauge pendingGauge(DataSource dataSource, MeterRegistry meterRegistry) {
        return new PendingGauge(dataSource, meterRegistry);
    }

    /**
     * verify-handles: hourly, the handles not verified yet. The next regular run comes soon, so a catch-up after
     * downtime would only pile onto the others at start-up.
     */
    @Bean
    Schedule verifyHandlesSchedule(Environment environment) {
        return ScheduleSettings.of(environment, "verify-handles").schedule(JOB_NAME, "0 30 * * * ?", Misfire.SKIP,
                Map.of(ONLY, "pending"));
    }

    /** reverify-invalid: weekly, a second look at the handles found invalid; missed, it runs once at start. */
    @Bean
    Schedule reverifyInvalidSchedule(Environment environment) {
        return ScheduleSettings.of(environment, "reverify-invalid").schedule(JOB_NAME, "0 0 5 ? * SUN",
                Misfire.FIRE_ONCE_NOW, Map.of(ONLY, "invalid"));
    }
}
