package skybatch.jobs.operations;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import skybatch.readers.support.StopRequest;

/**
 * When a step that reads from the network (a PLC import from a URL, a backfill's listing and downloads) is to stop:
 * its job is asked to stop (marked STOPPING in the job repository, as {@code jobs stop}, a signal to the CLI and
 * the scheduler do), or the application is closing. Its reads then give up at once (a wait to retry, a download
 * under way) and the step ends, restartable from its last commit (failed, or STOPPED where the reader says so),
 * instead of retrying for minutes on a connection it can no longer make or downloading a repository it will not
 * write. Stopped first when the application closes (the last phase), while the job repository can still record the
 * end, and waits (at most {@link #CLOSE_WAIT_NANOS}) until the job repository holds the end of every run of this
 * process whose steps asked here: the data source closes after it.
 */
@Component
public class StepStops implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StepStops.class);
    /** The job repository is read at most this often during a wait. */
    private static final long REPOSITORY_CHECK_NANOS = 1_000_000_000L;
    /** How long closing waits for the runs to record their end. */
    private static final long CLOSE_WAIT_NANOS = 30_000_000_000L;
    private static final long CLOSE_POLL_MILLIS = 50;

    private final JobRepository jobRepository;
    private final Map<Long, JobExecution> runs = new ConcurrentHashMap<>();
    /** By step execution id: one request per step, however often its readers ask (a listing asks every page). */
    private final Map<Long, Asked> requests = new ConcurrentHashMap<>();
    private volatile boolean running;

    public StepStops(JobRepository jobRepository) {
        this.jobRepository = jobRepository;
    }

    /**
     * The stop request of the step that reads, the same each time the step asks (so that each page of a listing does
     * not read the job repository again); it may be asked from several threads.
     */
    public StopRequest of(StepExecution step) {
        runs.values().removeIf(execution -> !execution.isRunning());
        requests.values().removeIf(asked -> !asked.step().getJobExecution().isRunning());
        // a worker process's partition: the end of its run is its manager's to record, not to be waited for here
        if (ProcessMarker.ownedByThisProcess(step.getJobExecution())) {
            runs.put(step.getJobExecutionId(), step.getJobExecution());
        }
        return requests.computeIfAbsent(step.getId(), id -> new Asked(step, request(step))).request();
    }

    private record Asked(StepExecution step, StopRequest request) {}

    private StopRequest request(StepExecution step) {
        AtomicLong nextCheck = new AtomicLong(System.nanoTime());
        AtomicBoolean stopMarked = new AtomicBoolean();
        return new StopRequest(() -> {
            if (!running || step.isTerminateOnly() || step.getJobExecution().isStopping()) {
                return true;
            }
            long due = nextCheck.get();
            // one thread at a time reads the repository; the others see its answer on a later call
            if (!stopMarked.get() && System.nanoTime() - due >= 0
                    && nextCheck.compareAndSet(due, System.nanoTime() + REPOSITORY_CHECK_NANOS)
                    && markedStopping(step.getJobExecutionId())) {
                stopMarked.set(true);
            }
            return stopMarked.get();
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
        log.debug("closing: reads from the network make no more attempts");
        long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
        for (long id : runs.keySet()) {
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
