package skybatch.jobs.firehose.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import skybatch.readers.firehose.Journal;
import skybatch.readers.firehose.JournalEntry;
import skybatch.readers.firehose.JournalReader;
import skybatch.writers.firehose.TailLock;
import skybatch.writers.firehose.TailPosition;
import skybatch.writers.firehose.TailPositions;

/**
 * Reads the journal after the position the last committed chunk saved ({@code skybatch.firehose_position}), a batch
 * of entries per chunk: as many as are there, up to {@code batchSize}, so that a chunk commits as soon as the
 * journal has nothing more for now. Draining, it ends when the journal has nothing more (after one empty batch);
 * following, it waits, and after {@code idleCommit} without entries hands an empty batch, so that the step reaches
 * a chunk boundary and sees a stop request. An empty batch still releases parked events. While it is open it holds
 * the journal's {@link TailLock}: a second tail of the same journal fails at once.
 */
public class JournalBatchReader implements ItemStreamReader<JournalBatch> {

    private static final long POLL_MILLIS = 10;

    private final Journal journal;
    private final TailPositions positions;
    private final DataSource dataSource;
    private final int batchSize;
    private final Duration idleCommit;
    private final boolean drain;
    private JournalReader reader;
    private TailLock lock;
    private boolean drained;
    private volatile boolean closed;

    /** @param dataSource where the tail holds its {@link TailLock} */
    public JournalBatchReader(Journal journal, TailPositions positions, DataSource dataSource, int batchSize,
            Duration idleCommit, boolean drain) {
        this.journal = journal;
        this.positions = positions;
        this.dataSource = dataSource;
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
        try {
            lock = TailLock.acquire(dataSource, name(journal));
        } catch (SQLException e) {
            throw new ItemStreamException("cannot take the tail's lock on " + name(journal), e);
        }
        closed = false;
        drained = false;
        long after = positions.find(name(journal)).map(TailPosition::entryIndex).orElse(Journal.START);
        reader = journal.readAfter(after);
    }

    @Override
    public JournalBatch read() throws InterruptedException {
        List<JournalEntry> entries = available();
        long idleSince = System.nanoTime();
        while (entries.isEmpty() && !closed) {
            if (drain) {
                // once more with nothing: the writer still releases the parked events whose backfill ended
                if (drained) {
                    return null;
                }
                drained = true;
                break;
            }
            if (System.nanoTime() - idleSince >= idleCommit.toNanos()) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            entries = available();
        }
        return new JournalBatch(entries);
    }

    /**
     * The entries the journal holds right now after those read, up to a batch, without waiting: null when it holds
     * none yet (for a caller that reads one batch ahead).
     */
    public JournalBatch readAvailable() {
        List<JournalEntry> entries = available();
        return entries.isEmpty() ? null : new JournalBatch(entries);
    }

    private List<JournalEntry> available() {
        List<JournalEntry> entries = new ArrayList<>();
        for (JournalEntry entry; entries.size() < batchSize && (entry = next()) != null; ) {
            entries.add(entry);
        }
        return entries;
    }

    /** The next entry, or null: none yet, or the stream is being closed (a stop, from another thread). */
    private synchronized JournalEntry next() {
        return closed ? null : reader.next();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (reader != null) {
            reader.close();
            reader = null;
        }
        if (lock != null) {
            try {
                lock.close();
            } catch (SQLException e) {
                throw new ItemStreamException("cannot give back the tail's lock on " + name(journal), e);
            } finally {
                lock = null;
            }
        }
    }

    @Override
    public void update(ExecutionContext executionContext) {
        // the position commits with each chunk's rows, in skybatch.firehose_position
    }
}
