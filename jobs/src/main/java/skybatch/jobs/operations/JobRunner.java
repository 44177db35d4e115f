package skybatch.jobs.operations;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.LocalDateTime;
import java.util.Objects;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * Launches and restarts jobs in this process. While one runs, a SIGTERM or SIGINT stops it at a chunk boundary.
 * A restart of an execution still marked STARTED is allowed when its process is gone (it was killed), or is this
 * one and runs it no more; one that ended UNKNOWN (it lost its database) is restartable too: either is first
 * marked FAILED.
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
        return settled(whileStoppable(() -> jobOperator.start(job, parameters)));
    }

    public JobExecution restart(long executionId) throws Exception {
        JobExecution previous = jobRepository.getJobExecution(executionId);
        if (previous == null) {
            throw new IllegalArgumentException("there is no job execution " + executionId);
        }
        BatchStatus status = previous.getStatus();
        if (status == BatchStatus.UNKNOWN || status.isRunning() && endedInThisProcess(previous)) {
            log.info("execution {} is {} but its run ended: marking it FAILED", executionId, status);
            previous = markFailed(previous);
        } else if (status.isRunning()) {
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
        return settled(whileStoppable(() -> jobOperator.restart(failedOrStopped)));
    }

    /**
     * A run that lost its database (PostgreSQL restarted, the network dropped) ends UNKNOWN: Spring Batch could
     * not record how its last chunk ended, and refuses to restart it. Here that is known: a chunk commits its rows
     * and its position together, so the repository's last position is where the data ends. So it is marked FAILED,
     * now if the database is back, else when it is restarted.
     */
    private JobExecution settled(JobExecution execution) {
        if (execution.getStatus() != BatchStatus.UNKNOWN) {
            return execution;
        }
        try {
            return markFailed(jobRepository.getJobExecution(execution.getId()));
        } catch (DataAccessException stillUnreachable) {
            log.warn("execution {} ended UNKNOWN and cannot be marked FAILED yet: {}", execution.getId(),
                    stillUnreachable.getMessage());
            return execution;
        }
    }

    /** Marks the execution and its unfinished steps FAILED, keeping their positions. */
    private JobExecution markFailed(JobExecution execution) {
        String why = "marked FAILED: its run ended " + execution.getStatus()
                + " (the database was lost, or its end could not be recorded)";
        LocalDateTime now = LocalDateTime.now();
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getStatus() == BatchStatus.UNKNOWN || step.getStatus().isRunning()) {
                step.setStatus(BatchStatus.FAILED);
                step.setExitStatus(step.getExitStatus().and(ExitStatus.FAILED).addExitDescription(why));
                if (step.getEndTime() == null) {
                    step.setEndTime(now);
                }
                jobRepository.update(step);
            }
        }
        execution.setStatus(BatchStatus.FAILED);
        execution.setExitStatus(execution.getExitStatus().and(ExitStatus.FAILED).addExitDescription(why));
        if (execution.getEndTime() == null) {
            execution.setEndTime(now);
        }
        jobRepository.update(execution);
        return execution;
    }

    /** Marked running, by this process, which runs it no more: its end could not be recorded. */
    private boolean endedInThisProcess(JobExecution execution) {
        return ProcessMarker.ownedByThisProcess(execution) && processMarker.current()
                .filter(running -> Objects.equals(running.getId(), execution.getId())).isEmpty();
    }

    /**
     * Asks a running execution, in whatever process it runs, to stop at its next chunk boundary: marks it
     * STOPPING in the job repository, which its steps consult at every commit. Not JobOperator.stop, which also
     * rewrites the rows of the running steps under them: a step that read its row's version just before then fails
     * its commit on that version (spring-batch#5484), and a step that was ending leaves the job UNKNOWN instead of
     * STOPPED. A signal to this process stops its run the same way.
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
            requestStop(execution.getId());
        } catch (IllegalStateException alreadyEnded) {
            log.debug("execution {} had already ended", execution.getId());
        } catch (DataAccessException unrecorded) {
            log.warn("could not ask execution {} to stop: {}", execution.getId(), unrecorded.getMessage());
        }
    }

    @FunctionalInterface
    private interface JobLaunch {
        JobExecution run() throws Exception;
    }
}
