package skybatch.jobs.operations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * What went wrong, in one line, from the exit description Spring Batch keeps of a failed job or step: a stack trace
 * whose outer exceptions say where ("Unable to process chunk", "Partition handler returned an unsuccessful step")
 * and whose innermost cause with a message says what. Works alike on a run just ended and on one read back from the
 * job repository, which keeps only that text.
 */
public final class FailureReason {

    /** "Exception class: message", as the first line of a stack trace and each "Caused by: " line start. */
    private static final Pattern THROWABLE = Pattern.compile("^(?:Caused by: )?[\\w$.]+(?:Exception|Error|Throwable)"
            + "(?:: (.*))?$");

    /** How Spring Batch's PartitionStep fails when a worker did. */
    private static final String WORKER_FAILED = "Partition handler returned an unsuccessful step";

    private FailureReason() {}

    /**
     * The message of the innermost exception that has one, or of the wrapper around it that repeats that message
     * with more (where it happened); the first line when the text is no stack trace; empty when there is no text.
     */
    public static Optional<String> of(String exitDescription) {
        if (exitDescription == null || exitDescription.isBlank()) {
            return Optional.empty();
        }
        List<String> messages = exitDescription.lines()
                .map(THROWABLE::matcher)
                .filter(Matcher::matches)
                .map(m -> m.group(1))
                .toList();
        if (messages.isEmpty()) {
            return exitDescription.lines().findFirst();
        }
        for (int i = messages.size() - 1; i >= 0; i--) {
            String message = messages.get(i);
            if (message != null && !message.isBlank()) {
                // a wrapper that repeats its cause's message adds where it happened (file, position): take it
                while (i > 0 && messages.get(i - 1) != null && messages.get(i - 1).contains(message)) {
                    message = messages.get(--i);
                }
                return Optional.of(message);
            }
        }
        return exitDescription.lines().findFirst();
    }

    /**
     * One line per distinct reason the steps failed for, "reason (in step, step)", else the job's own reason; empty
     * when nothing failed. A partitioned step's own reason, that a worker failed, is left out when a worker's is
     * there.
     */
    public static List<String> of(JobExecution execution) {
        Map<String, List<String>> stepsByReason = new LinkedHashMap<>();
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getStatus() == BatchStatus.FAILED) {
                of(step.getExitStatus().getExitDescription()).ifPresent(reason ->
                        stepsByReason.computeIfAbsent(reason, r -> new ArrayList<>()).add(step.getStepName()));
            }
        }
        if (stepsByReason.size() > 1) {
            stepsByReason.remove(WORKER_FAILED);
        }
        if (stepsByReason.isEmpty()) {
            return of(execution.getExitStatus().getExitDescription()).stream().toList();
        }
        return stepsByReason.entrySet().stream()
                .map(e -> e.getKey() + " (in " + String.join(", ", e.getValue()) + ")")
                .toList();
    }
}
