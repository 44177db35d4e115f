package skybatch.jobs.firehose.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import skybatch.readers.firehose.Journal;
import skybatch.readers.firehose.JournalEntry;
import skybatch.writers.firehose.TailPosition;
import skybatch.writers.firehose.TailPositions;
import skybatch.writers.testing.TestDatabase;

/**
 * The tail's reader on a real journal and a real PostgreSQL (its lock and position): batches in journal order, each
 * with its checks started, the next read ahead; closing with a batch read ahead loses nothing, the next reader
 * starting again after the committed position. (The frames here do not decode: each check ends in quarantine,
 * which needs no signing key.)
 */
class CheckAheadReaderTest {

    private static final int BATCH = 5;

    @TempDir
    Path dir;

    @Test
    void handsOnBatchesInJournalOrderWithTheirChecksAndDrainsToTheEnd() throws Exception {
        try (TestDatabase database = TestDatabase.migrated(); Journal journal = Journal.open(dir);
                EventDecoder decoder = new EventDecoder(null, 2)) {
            append(journal, 1, 12);
            CheckAheadReader reader = reader(database, journal, decoder);
            reader.open(new ExecutionContext());
            try {
                assertThat(seqs(reader.read())).containsExactly(1L, 2L, 3L, 4L, 5L);
                assertThat(seqs(reader.read())).containsExactly(6L, 7L, 8L, 9L, 10L);
                assertThat(seqs(reader.read())).containsExactly(11L, 12L);
                assertThat(seqs(reader.read())).as("once more with nothing, for the parked events").isEmpty();
                assertThat(reader.read()).isNull();
            } finally {
                reader.close();
            }
        }
    }

    @Test
    void whatWasReadAheadWhenClosedIsReadAgainByTheNextReader() throws Exception {
        try (TestDatabase database = TestDatabase.migrated(); Journal journal = Journal.open(dir);
                EventDecoder decoder = new EventDecoder(null, 2)) {
            append(journal, 1, 12);
            TailPositions positions = new TailPositions(database.dataSource());
            CheckAheadReader first = reader(database, journal, decoder);
            first.open(new ExecutionContext());
            PendingBatch applied = first.read(); // 1-5, with 6-10 read ahead
            JournalEntry last = applied.batch().entries().get(BATCH - 1);
            positions.save(JournalBatchReader.name(journal), new TailPosition(last.index(),
                    last.seq(), last.receivedAt()));
            first.close(); // a stop: 6-10 were read ahead and never written

            CheckAheadReader next = reader(database, journal, decoder);
            next.open(new ExecutionContext());
            try {
                assertThat(seqs(next.read())).containsExactly(6L, 7L, 8L, 9L, 10L);
            } finally {
                next.close();
            }
        }
    }

    private static CheckAheadReader reader(TestDatabase database, Journal journal, EventDecoder decoder) {
        return new CheckAheadReader(new JournalBatchReader(journal, new TailPositions(database.dataSource()),
                database.dataSource(), BATCH, Duration.ofSeconds(1), true), decoder);
    }

    private static void append(Journal journal, long from, long to) {
        for (long seq = from; seq <= to; seq++) {
            journal.append(seq, Instant.now(), new byte[] {(byte) 0xff, (byte) seq});
        }
    }

    /** The seqs of a batch's checked events, each checked (quarantined: the frames do not decode). */
    private static List<Long> seqs(PendingBatch pending) {
        List<LiveEvent> events = pending.checked().join().events();
        assertThat(events).allSatisfy(event -> assertThat(event).isInstanceOf(LiveEvent.Rejected.class));
        assertThat(events.stream().map(LiveEvent::entry).toList()).isEqualTo(pending.batch().entries());
        return events.stream().map(event -> event.entry().seq()).toList();
    }
}
