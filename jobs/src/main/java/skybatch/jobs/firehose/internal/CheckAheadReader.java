package skybatch.jobs.firehose.internal;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * The tail's reader: the journal's batches ({@link JournalBatchReader}, which keeps the position, the lock and the
 * idle commit), each handed on with its checks started ({@link EventDecoder#start}), and one batch read ahead: when
 * it hands on a batch it takes what the journal holds right now, without waiting, and starts checking that too, so
 * that the checks (both cores) run while the step writes into PostgreSQL. Nothing read ahead is lost: the position
 * moves only with a committed chunk, so after a stop the next run reads it again. The journal is read on the step's
 * thread only (a Chronicle tailer is not shared); the checks never wait for the journal, so closing never waits for
 * more than the entries being checked. (Not the backfill's {@code ReadAheadReader}: its reading thread would hold the
 * tailer and wait on an idle journal, where the step's thread must see the idle commit and a stop.)
 */
public class CheckAheadReader implements ItemStreamReader<PendingBatch> {

    private final JournalBatchReader journal;
    private final EventDecoder decoder;
    private volatile PendingBatch ahead;

    public CheckAheadReader(JournalBatchReader journal, EventDecoder decoder) {
        this.journal = journal;
        this.decoder = decoder;
    }

    @Override
    public void open(ExecutionContext executionContext) {
        ahead = null;
        journal.open(executionContext);
    }

    @Override
    public PendingBatch read() throws InterruptedException {
        PendingBatch current = ahead;
        ahead = null;
        if (current == null) {
            JournalBatch batch = journal.read();
            if (batch == null) {
                return null;
            }
            current = decoder.start(batch);
        }
        if (!current.isEmpty()) {
            JournalBatch next = journal.readAvailable();
            if (next != null) {
                ahead = decoder.start(next);
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
        PendingBatch dropped = ahead;
        ahead = null;
        if (dropped != null) {
            dropped.checked().cancel(false);
        }
        journal.close();
    }
}
