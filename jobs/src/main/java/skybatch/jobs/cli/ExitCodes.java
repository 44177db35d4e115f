package skybatch.jobs.cli;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/** The process exit codes: 0 completed, 1 failed, 2 bad usage, 3 stopped (restartable). */
final class ExitCodes {

    static final int COMPLETED = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int STOPPED = 3;

    private ExitCodes() {}

    static int of(JobExecution execution) {
        BatchStatus status = execution.getStatus();
        if (status == BatchStatus.COMPLETED) {
            return COMPLETED;
        }
        return status == BatchStatus.STOPPED ? STOPPED : FAILED;
    }
}
