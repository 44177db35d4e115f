package skybatch.jobs.operations;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Samples every running step of this process into {@code skybatch.step_progress} every few seconds (what
 * {@link ProgressReporter} shows: read, written, quarantined, and items/s since the previous sample), and once as
 * each step starts and ends, for the dashboard's chart of a run. {@link StepProgressSampling} attaches it to every
 * step. A sample is monitoring, not data: it commits on its own, and one that cannot be written is logged and
 * dropped, never failing the step.
 */
@Component
public class StepProgressSampler implements StepExecutionListener, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StepProgressSampler.class);

    private final JdbcTemplate jdbc;
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "step-progress");
        thread.setDaemon(true);
        return thread;
    });

    /** A step under way and its last sample, from which the next one's rate is taken. */
    private static final class Running {
        final StepExecution step;
        long lastRead;
        Instant lastAt;

        Running(StepExecution step, Instant now) {
            this.step = step;
            this.lastRead = step.getReadCount();
            this.lastAt = now;
        }
    }

    public StepProgressSampler(DataSource dataSource,
            @Value("${skybatch.progress.sample-interval:5s}") Duration interval) {
        this.jdbc = new JdbcTemplate(dataSource);
        timer.scheduleWithFixedDelay(this::sampleRunning, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        Running step = new Running(stepExecution, Instant.now());
        running.put(stepExecution.getId(), step);
        write(List.<Object[]>of(sample(step, step.lastAt)));
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        Running step = running.remove(stepExecution.getId());
        if (step != null) {
            write(List.<Object[]>of(sample(step, Instant.now())));
        }
        return null;
    }

    private void sampleRunning() {
        Instant now = Instant.now();
        write(running.values().stream().map(step -> sample(step, now)).toList());
    }

    private static Object[] sample(Running running, Instant now) {
        StepExecution step = running.step;
        long read = step.getReadCount();
        long millis = Math.max(1, Duration.between(running.lastAt, now).toMillis());
        double rate = (read - running.lastRead) * 1000.0 / millis;
        running.lastRead = read;
        running.lastAt = now;
        return new Object[] {step.getId(), step.getJobExecutionId(), step.getStepName(), Timestamp.from(now), read,
                step.getWriteCount(), step.getSkipCount(), rate};
    }

    private void write(List<Object[]> samples) {
        if (samples.isEmpty()) {
            return;
        }
        try {
            jdbc.batchUpdate("""
                    INSERT INTO skybatch.step_progress (step_execution_id, job_execution_id, step_name, sampled_at,
                        read_count, write_count, skip_count, items_per_second)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", samples);
        } catch (RuntimeException e) {
            log.warn("could not sample the progress of {} steps: {}", samples.size(), e.getMessage());
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
