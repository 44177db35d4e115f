package skybatch.jobs.cli;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import skybatch.jobs.operations.FailureReason;

/** Tells the user how a run ended, and what to do next, and turns it into the exit code. */
final class ExecutionOutcome {

    private ExecutionOutcome() {}

    static int print(JobExecution execution) {
        long id = execution.getId();
        BatchStatus status = execution.getStatus();
        String summary = execution.getJobInstance().getJobName() + " execution " + id + ": " + status;
        if (status == BatchStatus.COMPLETED) {
            System.out.println(summary);
        } else {
            System.err.println(summary);
            FailureReason.of(execution).forEach(reason -> System.err.println("  " + reason));
            System.err.println("restart it from where it ended with: bin/skybatch jobs restart " + id);
        }
        return ExitCodes.of(execution);
    }
}
