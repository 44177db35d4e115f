package skybatch.jobs.cli;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

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
            String reason = execution.getExitStatus().getExitDescription();
            System.err.println(summary + (reason == null || reason.isBlank() ? "" : "\n" + firstLines(reason)));
            System.err.println("restart it from where it ended with: bin/skybatch jobs restart " + id);
        }
        return ExitCodes.of(execution);
    }

    private static String firstLines(String text) {
        return text.lines().limit(3).reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
