package skybatch.jobs.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.Advised;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.resilience.retry.SimpleRetryInterceptor;
import org.springframework.test.util.ReflectionTestUtils;
import skybatch.jobs.testing.SkybatchTestApp;

/**
 * Steps of a split start at once, each creating its step execution in a SERIALIZABLE transaction of the job
 * repository; PostgreSQL may abort one of two such transactions ("could not serialize access"). The repository
 * retries the creation, so every step starts.
 */
class JobRepositoryRetriesTest {

    private static final int STEPS = 8;
    private static final int JOBS = 40;

    /** The retry helps only if the jobs and steps that create executions hold the retrying repository. */
    @Test
    void everyJobAndStepUsesTheRetryingRepository() {
        try (SkybatchTestApp app = SkybatchTestApp.start()) {
            JobRepository repository = app.bean(JobRepository.class);
            assertThat(repository).isInstanceOf(Advised.class);
            assertThat(((Advised) repository).getAdvisors())
                    .anyMatch(advisor -> advisor.getAdvice() instanceof SimpleRetryInterceptor);
            Map<String, Job> jobs = app.beans(Job.class);
            Map<String, Step> steps = app.beans(Step.class);
            assertThat(jobs).isNotEmpty();
            assertThat(steps).isNotEmpty();
            jobs.forEach((name, job) -> assertThat(ReflectionTestUtils.getField(job, "jobRepository"))
                    .as(name).isSameAs(repository));
            steps.forEach((name, step) -> assertThat(ReflectionTestUtils.getField(step, "jobRepository"))
                    .as(name).isSameAs(repository));
        }
    }

    @Test
    void stepExecutionsCreatedAtOnceAllStart() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(STEPS);
        try (SkybatchTestApp app = SkybatchTestApp.start()) {
            JobRepository repository = app.bean(JobRepository.class);
            for (int run = 0; run < JOBS; run++) {
                JobParameters parameters = new JobParametersBuilder().addLong("run", (long) run).toJobParameters();
                JobInstance instance = repository.createJobInstance("splitTestJob", parameters);
                JobExecution execution = repository.createJobExecution(instance, parameters, new ExecutionContext());
                CyclicBarrier together = new CyclicBarrier(STEPS);
                List<CompletableFuture<Long>> steps = new ArrayList<>();
                for (int step = 0; step < STEPS; step++) {
                    String name = "step" + step;
                    steps.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            together.await();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        return repository.createStepExecution(name, execution).getId();
                    }, threads));
                }
                CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new)).join();
                assertThat(app.jdbc().queryForObject(
                        "SELECT count(*) FROM skybatch.batch_step_execution WHERE job_execution_id = ?",
                        Long.class, execution.getId())).isEqualTo(STEPS);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
