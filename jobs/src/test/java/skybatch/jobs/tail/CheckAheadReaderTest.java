package skybatch.jobs.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import skybatch.jobs.firehose.internal.JournalBatch;
import skybatch.jobs.firehose.internal.JournalBatchReader;
import skybatch.readers.firehose.Journal;
import skybatch.readers.firehose.JournalEntry;
import skybatch.writers.firehose.TailPosition;
import skybatch.writers.firehose.TailPositions;
import skybatch.writers.testing.TestDatabase;

/**
 * The tails' reader on a real journal and a real PostgreSQL (its lock and position): batches in journal order, each
 * with its checks started, the next read ahead while this one is handed on; closing with a batch read ahead loses
 * nothing, the next reader starting again after the committed position. The check here is the batch's seqs,
 * computed on a thread of its own, which records the batches it was started on.
 */
class CheckAheadReaderTest {

    private static final int BATCH = 5;

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newSingleThreadExecutor();
    private final List<List<Long>> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void handsOnBatchesInJournalOrderWithTheNextOneReadAheadAndDrainsToTheEnd() throws Exception {
        try (TestDatabase database = TestDatabase.migrated(); Journal journal = Journal.open(dir)) {
            append(journal, 1, 12);
            CheckAheadReader<List<Long>> reader = reader(database, journal, this::seqs);
            reader.open(new ExecutionContext());
            try {
                assertThat(reader.read().join()).containsExactly(1L, 2L, 3L, 4L, 5L);
                assertThat(started).as("the next batch's checks started before this one is written")
                        .containsExactly(List.of(1L, 2L, 3L, 4L, 5L), List.of(6L, 7L, 8L, 9L, 10L));
                assertThat(reader.read().join()).containsExactly(6L, 7L, 8L, 9L, 10L);
                assertThat(reader.read().join()).containsExactly(11L, 12L);
                PendingBatch<List<Long>> empty = reader.read();
                assertThat(empty.isEmpty()).as("once more with nothing, for the parked events").isTrue();
                assertThat(empty.join()).isEmpty();
                assertThat(reader.read()).isNull();
            } finally {
                reader.close();
            }
        }
    }

    @Test
    void whatWasReadAheadWhenClosedIsReadAgainByTheNextReader() throws Exception {
        try (TestDatabase database = TestDatabase.migrated(); Journal journal = Journal.open(dir)) {
            append(journal, 1, 12);
            TailPositions positions = new TailPositions(database.dataSource());
            CheckAheadReader<List<Long>> first = reader(database, journal, this::seqs);
            first.open(new ExecutionContext());
            PendingBatch<List<Long>> applied = first.read(); // 1-5, with 6-10 read ahead
            JournalEntry last = applied.batch().entries().get(BATCH - 1);
            positions.save(JournalBatchReader.name(journal), new TailPosition(last.index(),
                    last.seq(), last.receivedAt()));
            first.close(); // a stop: 6-10 were read ahead and never written

            CheckAheadReader<List<Long>> next = reader(database, journal, this::seqs);
            next.open(new ExecutionContext());
            try {
                assertThat(next.read().join()).containsExactly(6L, 7L, 8L, 9L, 10L);
            } finally {
                next.close();
            }
        }
    }

    @Test
    void aCheckThatFailsFailsTheBatchWithItsOwnException() throws Exception {
        try (TestDatabase database = TestDatabase.migrated(); Journal journal = Journal.open(dir)) {
            append(journal, 1, 3);
            CheckAheadReader<List<Long>> reader = reader(database, journal, batch -> new PendingBatch<>(batch,
                    CompletableFuture.supplyAsync(() -> {
                        throw new IllegalStateException("no key for the labeler");
                    }, pool)));
            reader.open(new ExecutionContext());
            try {
                assertThatThrownBy(() -> reader.read().join()).isInstanceOf(IllegalStateException.class)
                        .hasMessage("no key for the labeler");
            } finally {
                reader.close();
            }
        }
    }

    private PendingBatch<List<Long>> seqs(JournalBatch batch) {
        List<Long> seqs = batch.entries().stream().map(JournalEntry::seq).toList();
        if (!seqs.isEmpty()) {
            started.add(seqs);
        }
        return new PendingBatch<>(batch, CompletableFuture.supplyAsync(() -> seqs, pool));
    }

    private static CheckAheadReader<List<Long>> reader(TestDatabase database, Journal journal,
            Function<JournalBatch, PendingBatch<List<Long>>> checks) {
        return new CheckAheadReader<>(new JournalBatchReader(journal, new TailPositions(database.dataSource()),
                database.dataSource(), BATCH, Duration.ofSeconds(1), true), checks);
    }

    private static void append(Journal journal, long from, long to) {
        for (long seq = from; seq <= to; seq++) {
            journal.append(seq, Instant.now(), new byte[] {(byte) 0xff, (byte) seq});
        }
    }
}
