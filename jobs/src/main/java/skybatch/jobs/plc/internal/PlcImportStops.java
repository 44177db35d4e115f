package skybatch.jobs.plc.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import skybatch.readers.plc.StopRequest;

/**
 * When an import from a PLC directory is to stop: its job is asked to stop (marked STOPPING in the job repository,
 * as {@code jobs stop} and the scheduler do, or JobOperator.stop), or the application is closing. An import waiting
 * to retry a page then gives up at once and its step fails, restartable from its last commit, instead of retrying
 * for minutes on a connection it can no longer make. Stopped first when the application closes (the last phase),
 * while the job repository can still record the failure, and waits (at most {@link #CLOSE_WAIT_NANOS}) until the
 * job repository holds the end of every import this application runs: the data source closes after it.
 */
public class PlcImportStops implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PlcImportStops.class);
    /** The job repository is read at most this often during a wait. */
    private static final long REPOSITORY_CHECK_NANOS = 1_000_000_000L;
    /** How long closing waits for the imports to record their end. */
    private static final long CLOSE_WAIT_NANOS = 30_000_000_000L;
    private static final long CLOSE_POLL_MILLIS = 50;

    private final JobRepository jobRepository;
    private final Map<Long, JobExecution> imports = new ConcurrentHashMap<>();
    private volatile boolean running;

    public PlcImportStops(JobRepository jobRepository) {
        this.jobRepository = jobRepository;
    }

    /** The stop request of the step that reads. */
    public StopRequest of(StepExecution step) {
        imports.values().removeIf(execution -> !execution.isRunning());
        imports.put(step.getJobExecutionId(), step.getJobExecution());
        long[] nextCheck = {System.nanoTime()};
        boolean[] stopMarked = {false};
        return new StopRequest(() -> {
            if (!running || step.isTerminateOnly() || step.getJobExecution().isStopping()) {
                return true;
            }
            if (!stopMarked[0] && System.nanoTime() - nextCheck[0] >= 0) {
                nextCheck[0] = System.nanoTime() + REPOSITORY_CHECK_NANOS;
                stopMarked[0] = markedStopping(step.getJobExecutionId());
            }
            return stopMarked[0];
        });
    }

    private boolean markedStopping(long jobExecutionId) {
        try {
            JobExecution stored = jobRepository.getJobExecution(jobExecutionId);
            return stored != null && stored.getStatus() == BatchStatus.STOPPING;
        } catch (DataAccessException e) {
            log.debug("cannot read whether execution {} is stopping; asked again: {}", jobExecutionId, e.toString());
            return false;
        }
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        log.debug("closing: PLC imports from a URL make no more attempts");
        long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
        for (long id : imports.keySet()) {
            while (!endRecorded(id) && System.nanoTime() - deadline < 0) {
                try {
                    Thread.sleep(CLOSE_POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private boolean endRecorded(long jobExecutionId) {
        try {
            JobExecution stored = jobRepository.getJobExecution(jobExecutionId);
            return stored == null || stored.getEndTime() != null;
        } catch (DataAccessException e) {
            log.debug("cannot read whether execution {} ended: {}", jobExecutionId, e.toString());
            return true;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
