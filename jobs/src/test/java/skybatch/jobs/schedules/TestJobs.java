package skybatch.jobs.schedules;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Tiny jobs for the schedule tests: one that fails as often as told, one that does nothing, and one that works in
 * small chunks until released. Not a {@code @Configuration}, so that component scanning of the test classpath
 * leaves it out: {@link ScheduledApp} adds it.
 */
class TestJobs {

    static final String FLAKY = "flakyTestJob";
    static final String QUICK = "quickTestJob";
    static final String SLOW = "slowTestJob";

    /** How many of the flaky job's next runs fail. */
    static final AtomicInteger FLAKY_FAILURES = new AtomicInteger();

    /** Whether the slow job may finish; until then each of its chunks takes a little while. */
    static final AtomicBoolean SLOW_RELEASED = new AtomicBoolean();

    @Bean
    Job flakyTestJob(JobRepository jobRepository, PlatformTransactionManager transactionManager) {
        return new JobBuilder(FLAKY, jobRepository).start(new StepBuilder("flakyTestStep", jobRepository)
                .tasklet((contribution, chunk) -> {
                    if (FLAKY_FAILURES.getAndDecrement() > 0) {
                        throw new IllegalStateException("failing as the test asked");
                    }
                    return RepeatStatus.FINISHED;
                }, transactionManager).build()).build();
    }

    @Bean
    Job slowTestJob(JobRepository jobRepository, PlatformTransactionManager transactionManager) {
        return new JobBuilder(SLOW, jobRepository).start(new StepBuilder("slowTestStep", jobRepository)
                .tasklet((contribution, chunk) -> {
                    if (SLOW_RELEASED.get()) {
                        return RepeatStatus.FINISHED;
                    }
                    Thread.sleep(20);
                    return RepeatStatus.CONTINUABLE;
                }, transactionManager).build()).build();
    }

    @Bean
    Job quickTestJob(JobRepository jobRepository, PlatformTransactionManager transactionManager) {
        return new JobBuilder(QUICK, jobRepository).start(new StepBuilder("quickTestStep", jobRepository)
                .tasklet((contribution, chunk) -> RepeatStatus.FINISHED, transactionManager).build()).build();
    }
}
