package skybatch.jobs.operations;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * Launches and restarts jobs in this process. While one runs, a SIGTERM or SIGINT stops it at a chunk boundary.
 * A restart of an execution still marked STARTED is allowed when its process is gone (it was killed): the
 * execution is first marked FAILED.
 */
@Component
public class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final ProcessMarker processMarker;

    public JobRunner(JobOperator jobOperator, JobRepository jobRepository, ProcessMarker processMarker) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.processMarker = processMarker;
    }

    public JobExecution start(Job job, JobParameters parameters) throws Exception {
        return whileStoppable(() -> jobOperator.start(job, parameters));
    }

    public JobExecution restart(long executionId) throws Exception {
        JobExecution previous = jobRepository.getJobExecution(executionId);
        if (previous == null) {
            throw new IllegalArgumentException("there is no job execution " + executionId);
        }
        BatchStatus status = previous.getStatus();
        if (status.isRunning()) {
            if (!ProcessMarker.ownerIsDead(previous)) {
                throw new IllegalStateException("execution " + executionId + " is " + status + " in "
                        + ProcessMarker.owner(previous) + "; stop it first (jobs stop " + executionId
                        + "), or abandon it if that process is gone");
            }
            log.info("execution {} was {} but {} is gone: marking it FAILED", executionId, status,
                    ProcessMarker.owner(previous));
            previous = jobOperator.recover(previous);
        }
        JobExecution failedOrStopped = previous;
        return whileStoppable(() -> jobOperator.restart(failedOrStopped));
    }

    /**
     * Asks a running execution, in whatever process it runs, to stop at its next chunk boundary: marks it
     * STOPPING in the job repository, which its steps consult at every commit. Not JobOperator.stop, which with an
     * execution read back from the repository also rewrites the step rows under the running steps, whose next
     * commit then fails on the row version instead of stopping.
     */
    public void requestStop(long executionId) {
        for (int attempt = 0; ; attempt++) {
            JobExecution execution = jobRepository.getJobExecution(executionId);
            if (execution == null) {
                throw new IllegalArgumentException("there is no job execution " + executionId);
            }
            if (!execution.isRunning()) {
                throw new IllegalStateException("execution " + executionId + " is not running: " + execution.getStatus());
            }
            execution.setStatus(BatchStatus.STOPPING);
            try {
                jobRepository.update(execution);
                return;
            } catch (OptimisticLockingFailureException updatedMeanwhile) {
                if (attempt == 2) {
                    throw updatedMeanwhile;
                }
            }
        }
    }

    private JobExecution whileStoppable(JobLaunch launch) throws Exception {
        GracefulShutdown.onSignal(() -> processMarker.current().ifPresent(this::stopQuietly));
        try {
            return launch.run();
        } finally {
            GracefulShutdown.onSignal(null);
        }
    }

    private void stopQuietly(JobExecution execution) {
        try {
            jobOperator.stop(execution);
        } catch (JobExecutionNotRunningException alreadyEnded) {
            log.debug("execution {} had already ended", execution.getId());
        }
    }

    @FunctionalInterface
    private interface JobLaunch {
        JobExecution run() throws Exception;
    }
}
