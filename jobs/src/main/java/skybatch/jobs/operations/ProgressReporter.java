package skybatch.jobs.operations;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import skybatch.readers.plc.ReadProgress;

/**
 * Reports a step's progress every few seconds: items read, rate, skips and, for files, how much of the file is
 * done. On a terminal it redraws one status line; otherwise (logs, CI) it logs a line. Ends with a summary.
 */
public class ProgressReporter implements ChunkListener<Object, Object>, StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(ProgressReporter.class);
    private static final Duration INTERVAL = Duration.ofSeconds(5);

    private final ReadProgress progress;
    private final boolean terminal = System.console() != null;
    private StepExecution step;
    private Instant started;
    private Instant lastReport;
    private long readAtStart;

    public ProgressReporter(ReadProgress progress) {
        this.progress = progress;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        step = stepExecution;
        started = Instant.now();
        lastReport = started;
        readAtStart = stepExecution.getReadCount();
    }

    @Override
    public void afterChunk(Chunk<Object> chunk) {
        Instant now = Instant.now();
        if (Duration.between(lastReport, now).compareTo(INTERVAL) >= 0) {
            lastReport = now;
            report(now);
        }
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        if (terminal) {
            System.err.println();
        }
        Duration took = Duration.between(started, Instant.now());
        log.info("{} {}: read {}, written {}, quarantined {}, in {} s ({} items/s)", stepExecution.getStepName(),
                stepExecution.getStatus(), stepExecution.getReadCount(), stepExecution.getWriteCount(),
                stepExecution.getSkipCount(), took.toSeconds(), rate(stepExecution.getReadCount() - readAtStart, took));
        return stepExecution.getExitStatus();
    }

    private void report(Instant now) {
        long read = step.getReadCount();
        String line = String.format("%s: %,d read, %,d items/s, %,d quarantined%s", step.getStepName(), read,
                rate(read - readAtStart, Duration.between(started, now)), step.getSkipCount(), fraction());
        if (terminal) {
            System.err.print("\r" + bar() + line + "   ");
            System.err.flush();
        } else {
            log.info(line);
        }
    }

    private String fraction() {
        long total = progress.totalBytes();
        return total > 0 ? String.format(", %.1f%% of %,d MB", 100.0 * progress.bytesRead() / total, total >> 20)
                : "";
    }

    private String bar() {
        long total = progress.totalBytes();
        if (total <= 0) {
            return "";
        }
        int filled = (int) Math.min(30, 30 * progress.bytesRead() / total);
        return "[" + "#".repeat(filled) + ".".repeat(30 - filled) + "] ";
    }

    private static long rate(long items, Duration took) {
        return took.toMillis() == 0 ? items : items * 1000 / took.toMillis();
    }
}
