package skybatch.jobs.plc.internal;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import skybatch.writers.quarantine.QuarantineRepository;
import skybatch.writers.quarantine.QuarantinedInput;

/**
 * Fails the import when its source gave lines but not one of them was an operation (a README, a CSV, the wrong
 * file): all lines quarantined is no import. A source with some bad lines still completes, them quarantined. On
 * the partitioned step, whose counts are the sum of its workers', so that one worker's share of only bad lines
 * is not taken for the whole file's.
 */
public class NoValidLineCheck implements StepExecutionListener {

    private final QuarantineRepository quarantine;
    private final String source;

    public NoValidLineCheck(QuarantineRepository quarantine, String source) {
        this.quarantine = quarantine;
        this.source = source;
    }

    @Override
    public ExitStatus afterStep(StepExecution step) {
        if (step.getStatus() != BatchStatus.COMPLETED || step.getReadCount() == 0
                || step.getProcessSkipCount() < step.getReadCount()) {
            return null;
        }
        String first = quarantine.firstOf(step.getJobExecutionId()).map(NoValidLineCheck::describe).orElse("");
        String message = source + ": not one of its " + step.getReadCount() + " lines is a PLC export operation, so"
                + " it is no export" + first;
        step.setStatus(BatchStatus.FAILED);
        return new ExitStatus(ExitStatus.FAILED.getExitCode(), message);
    }

    private static String describe(QuarantinedInput line) {
        String raw = line.raw() == null ? "" : line.raw();
        return "; its first, " + line.position() + ": " + QuarantineRepository.forLog(
                raw.length() <= 200 ? raw : raw.substring(0, 200) + "...") + " (" + line.reason() + ")";
    }
}
