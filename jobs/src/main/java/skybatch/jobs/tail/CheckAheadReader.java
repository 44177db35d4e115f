package skybatch.jobs.tail;

import java.util.function.Function;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import skybatch.jobs.firehose.internal.JournalBatch;
import skybatch.jobs.firehose.internal.JournalBatchReader;

/**
 * A journal tail's reader: the journal's batches ({@link JournalBatchReader}, which keeps the position, the lock and
 * the idle commit), each handed on with its checks started ({@code checks}, which run them on a pool of their own),
 * and one batch read ahead: when it hands on a batch it takes what the journal holds right now, without waiting, and
 * starts checking that too, so that the checks (both cores) run while the step writes into PostgreSQL. Nothing read
 * ahead is lost: the position moves only with a committed chunk, so after a stop or a crash the next run reads it
 * again. The journal is read on the step's thread only (a Chronicle tailer is not shared); the checks never wait for
 * the journal, so closing never waits for more than the entries being checked. (Not the backfill's
 * {@code ReadAheadReader}: its reading thread would hold the tailer and wait on an idle journal, where the step's
 * thread must see the idle commit and a stop.)
 *
 * @param <T> what the checks make of a batch
 */
public class CheckAheadReader<T> implements ItemStreamReader<PendingBatch<T>> {

    private final JournalBatchReader journal;
    private final Function<JournalBatch, PendingBatch<T>> checks;
    private volatile PendingBatch<T> ahead;

    /** @param checks starts checking a batch, and returns at once */
    public CheckAheadReader(JournalBatchReader journal, Function<JournalBatch, PendingBatch<T>> checks) {
        this.journal = journal;
        this.checks = checks;
    }

    @Override
    public void open(ExecutionContext executionContext) {
        ahead = null;
        journal.open(executionContext);
    }

    @Override
    public PendingBatch<T> read() throws InterruptedException {
        PendingBatch<T> current = ahead;
        ahead = null;
        if (current == null) {
            JournalBatch batch = journal.read();
            if (batch == null) {
                return null;
            }
            current = checks.apply(batch);
        }
        if (!current.isEmpty()) {
            JournalBatch next = journal.readAvailable();
            if (next != null) {
                ahead = checks.apply(next);
            }
        }
        return current;
    }

    @Override
    public void update(ExecutionContext executionContext) {
        journal.update(executionContext);
    }

    @Override
    public void close() {
        PendingBatch<T> dropped = ahead;
        ahead = null;
        if (dropped != null) {
            dropped.checked().cancel(false);
        }
        journal.close();
    }
}
