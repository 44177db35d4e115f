package skybatch.jobs.firehose.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import skybatch.readers.firehose.Journal;
import skybatch.readers.firehose.JournalEntry;
import skybatch.readers.firehose.JournalReader;
import skybatch.writers.firehose.TailPosition;
import skybatch.writers.firehose.TailPositions;

/**
 * Reads the journal after the position the last committed chunk saved ({@code skybatch.firehose_position}), a batch
 * of entries per chunk: as many as are there, up to {@code batchSize}, so that a chunk commits as soon as the
 * journal has nothing more for now. Draining, it ends when the journal has nothing more; following, it waits,
 * and after {@code idleCommit} without entries hands an empty batch, so that the step reaches a chunk boundary and
 * sees a stop request.
 */
public class JournalBatchReader implements ItemStreamReader<JournalBatch> {

    private static final long POLL_MILLIS = 10;

    private final Journal journal;
    private final TailPositions positions;
    private final int batchSize;
    private final Duration idleCommit;
    private final boolean drain;
    private JournalReader reader;

    public JournalBatchReader(Journal journal, TailPositions positions, int batchSize, Duration idleCommit,
            boolean drain) {
        this.journal = journal;
        this.positions = positions;
        this.batchSize = batchSize;
        this.idleCommit = idleCommit;
        this.drain = drain;
    }

    /** The name the journal's position is kept under: its directory. */
    public static String name(Journal journal) {
        return journal.dir().toAbsolutePath().normalize().toString();
    }

    @Override
    public void open(ExecutionContext executionContext) {
        long after = positions.find(name(journal)).map(TailPosition::entryIndex).orElse(Journal.START);
        reader = journal.readAfter(after);
    }

    @Override
    public JournalBatch read() throws InterruptedException {
        List<JournalEntry> entries = new ArrayList<>();
        long idleSince = System.nanoTime();
        while (entries.size() < batchSize) {
            JournalEntry entry = reader.next();
            if (entry != null) {
                entries.add(entry);
                continue;
            }
            if (!entries.isEmpty()) {
                break;
            }
            if (drain) {
                return null;
            }
            if (System.nanoTime() - idleSince >= idleCommit.toNanos()) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
        return new JournalBatch(entries);
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }

    @Override
    public void update(ExecutionContext executionContext) {
        // the position commits with each chunk's rows, in skybatch.firehose_position
    }
}
