package skybatch.jobs.scaleout;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.ImmediateRequeueAmqpException;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.StepLocator;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.context.Lifecycle;
import skybatch.jobs.operations.ProcessMarker;
import skybatch.writers.partition.PartitionHeartbeats;

/**
 * A {@code worker} process: runs the partitions the broker hands it, {@code concurrency} at once, each on the
 * listener thread that received it, so its request is acknowledged only when the step has ended. A request whose
 * partition is no longer waiting to start (a second delivery after a broker restart, or one of a run that has
 * ended) is dropped. While a partition runs, the worker beats in {@code skybatch.partition_heartbeat}; on SIGTERM it
 * takes no more requests and its running partitions stop at their next chunk boundary (STOPPED, restartable); so
 * do partitions whose run has ended.
 */
public final class PartitionWorker {

    private static final Logger log = LoggerFactory.getLogger(PartitionWorker.class);

    private final JobRepository jobRepository;
    private final StepLocator steps;
    private final PartitionHeartbeats heartbeats;
    private final Lifecycle listener;
    private final WorkerSettings settings;
    private final Map<Long, StepExecution> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService beating = Executors.newSingleThreadScheduledExecutor(
            runnable -> new Thread(runnable, "partition-heartbeat"));
    private final String host = ProcessMarker.hostName();
    private final long pid = ProcessHandle.current().pid();
    private volatile boolean started;
    private volatile boolean stopping;

    PartitionWorker(JobRepository jobRepository, StepLocator steps, PartitionHeartbeats heartbeats,
            Lifecycle listener, WorkerSettings settings) {
        this.jobRepository = jobRepository;
        this.steps = steps;
        this.heartbeats = heartbeats;
        this.listener = listener;
        this.settings = settings;
    }

    public void start() {
        long every = settings.heartbeat().toMillis();
        beating.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        listener.start();
        started = true;
    }

    /** Takes no more requests, stops the running partitions at their next chunk boundary and waits for them. */
    public void stopGracefully() {
        stopping = true;
        running.values().forEach(step -> {
            log.info("stopping {} of execution {} at its next chunk boundary", step.getStepName(),
                    step.getJobExecutionId());
            step.setTerminateOnly();
        });
        listener.stop();
        beating.shutdownNow();
    }

    void run(StepExecutionRequest request) {
        if (stopping) {
            // back to the queue, for another worker
            throw new ImmediateRequeueAmqpException("worker stopping");
        }
        StepExecution step = jobRepository.getStepExecution(request.getStepExecutionId());
        if (step == null) {
            log.warn("{}: no such step execution in the job repository, dropped", request);
            return;
        }
        String what = step.getStepName() + " of execution " + step.getJobExecutionId();
        if (step.getStatus() != BatchStatus.STARTING || !step.getJobExecution().isRunning()) {
            log.info("{} is {} (its run {}): not run again", what, step.getStatus(),
                    step.getJobExecution().getStatus());
            return;
        }
        if (!heartbeats.claim(step.getId(), step.getJobExecutionId(), host, pid)) {
            log.info("{} has been taken by another worker: dropped", what);
            return;
        }
        running.put(step.getId(), step);
        log.info("running {}", what);
        try {
            steps.getStep(request.getStepName()).execute(step);
        } catch (JobInterruptedException e) {
            log.info("{} interrupted", what);
        } finally {
            running.remove(step.getId());
            heartbeats.release(step.getId());
        }
        log.info("{} ended {}: read {}, written {}, skipped {}, in {} commits", what, step.getStatus(),
                step.getReadCount(), step.getWriteCount(), step.getSkipCount(), step.getCommitCount());
    }

    /** Whether this process was started as a worker. */
    public boolean started() {
        return started;
    }

    /** Whether this worker takes requests now. */
    public boolean isRunning() {
        return started && !stopping && listener.isRunning();
    }

    /**
     * Says the running partitions are alive, and stops those whose run has ended meanwhile (its manager was killed
     * and the run marked FAILED for a restart, or it was abandoned), so that a restart's new partition does not
     * run beside the old one.
     */
    private void beat() {
        try {
            heartbeats.beat(running.keySet());
            for (StepExecution step : running.values()) {
                JobExecution run = jobRepository.getJobExecution(step.getJobExecutionId());
                if (run != null && !run.isRunning() && !step.isTerminateOnly()) {
                    log.warn("execution {} has ended {}: stopping {} at its next chunk boundary",
                            run.getId(), run.getStatus(), step.getStepName());
                    step.setTerminateOnly();
                }
            }
        } catch (RuntimeException e) {
            log.warn("heartbeat: {}", e.toString());
        }
    }
}
