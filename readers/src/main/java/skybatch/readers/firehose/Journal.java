package skybatch.readers.firehose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable, append-only journal of raw frames in a directory: a Chronicle Queue with one file per hour. Several
 * processes may use one directory at once (an ingest appending, tails reading); an entry is in the memory-mapped
 * file once {@link #append} returns, so it survives the process being killed.
 *
 * <p>Each entry holds the seq, the receive time and the frame's bytes. {@link #release} deletes whole hours
 * that every reader has applied and that are older than the retention.
 */
public final class Journal implements AutoCloseable {

    /** The position before the first entry, for {@link #readAfter}. */
    public static final long START = -1;

    private static final Logger log = LoggerFactory.getLogger(Journal.class);
    private static final RollCycle ROLL_CYCLE = RollCycles.FAST_HOURLY;
    private static final String CYCLE_FILE_SUFFIX = ".cq4";

    private final Path dir;
    private final Clock clock;
    private final SingleChronicleQueue queue;
    private ExcerptAppender appender;

    private Journal(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
        this.queue = SingleChronicleQueueBuilder.binary(dir)
                .rollCycle(ROLL_CYCLE)
                .timeProvider(clock::millis)
                .build();
    }

    public static Journal open(Path dir) {
        return open(dir, Clock.systemUTC());
    }

    /** A journal whose hours (and retention) follow {@code clock}: tests move it to roll over. */
    public static Journal open(Path dir, Clock clock) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the journal directory " + dir, e);
        }
        return new Journal(dir, clock);
    }

    public Path dir() {
        return dir;
    }

    /** Appends one frame; it is in the journal when this returns. Appends from several threads are serialised. */
    public synchronized void append(long seq, Instant receivedAt, byte[] frame) {
        if (appender == null) {
            appender = queue.createAppender();
            // Callers append from whichever thread delivers the frame, one at a time (this method is synchronised).
            appender.singleThreadedCheckDisabled(true);
        }
        try (DocumentContext document = appender.writingDocument()) {
            Bytes<?> bytes = document.wire().bytes();
            bytes.writeLong(seq);
            bytes.writeLong(receivedAt.getEpochSecond());
            bytes.writeInt(receivedAt.getNano());
            bytes.writeInt(frame.length);
            bytes.write(frame);
        }
    }

    /** The seq of the last entry, or empty when the journal is empty. */
    public OptionalLong lastSeq() {
        try (ExcerptTailer tailer = queue.createTailer()) {
            tailer.direction(TailerDirection.BACKWARD).toEnd();
            try (DocumentContext document = tailer.readingDocument()) {
                return document.isPresent() ? OptionalLong.of(document.wire().bytes().readLong()) : OptionalLong.empty();
            }
        }
    }

    /**
     * Reads the entries after {@code index} (an index a reader returned, or {@link #START}). An index in hours
     * already released reads from the first entry still kept.
     *
     * @throws IllegalArgumentException when {@code index} lies past the last entry, or the journal holds nothing
     *         at or after it: it is not this journal's
     */
    public JournalReader readAfter(long index) {
        ExcerptTailer tailer = queue.createTailer();
        tailer.singleThreadedCheckDisabled(true);
        if (index == START || index < queue.firstIndex()) {
            tailer.toStart();
        } else if (tailer.moveToIndex(index)) {
            try (DocumentContext skipped = tailer.readingDocument()) {
                // the entry at index itself has been applied
            }
        } else {
            tailer.close();
            throw new IllegalArgumentException("the journal in " + dir + " has no entry at index " + index
                    + " (it holds " + firstIndex() + " to " + lastIndex() + ")");
        }
        return new TailerReader(tailer);
    }

    /** The entry at {@code index} (one a reader returned), or empty when the journal no longer holds it. */
    public Optional<JournalEntry> entryAt(long index) {
        try (ExcerptTailer tailer = queue.createTailer()) {
            tailer.singleThreadedCheckDisabled(true);
            if (!tailer.moveToIndex(index)) {
                return Optional.empty();
            }
            return Optional.ofNullable(new TailerReader(tailer).next());
        }
    }

    /** The index of the first entry kept, or {@link #START} when empty. */
    public long firstIndex() {
        return queue.lastIndex() < 0 ? START : queue.firstIndex();
    }

    /** The index of the last entry, or {@link #START} when empty. */
    public long lastIndex() {
        long last = queue.lastIndex();
        return last < 0 ? START : last;
    }

    /** Bytes of the journal's hour files (as allocated: the current hour's file is sized ahead of its entries). */
    public long sizeBytes() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(path -> path.getFileName().toString().endsWith(CYCLE_FILE_SUFFIX))
                    .mapToLong(path -> path.toFile().length())
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the journal directory " + dir, e);
        }
    }

    /**
     * Deletes the hour files before the one holding {@code appliedIndex} whose hour ended more than {@code retention}
     * ago (so every entry deleted is at or before {@code appliedIndex}); the hour being written is always kept.
     * Called by a tail after it committed {@code appliedIndex}.
     *
     * @return how many hour files were deleted
     */
    public synchronized int release(long appliedIndex, Duration retention) {
        if (appliedIndex < 0 || queue.lastIndex() < 0) {
            return 0;
        }
        // Hours before the applied entry's hour are wholly applied (its own hour is kept until a later one is
        // applied: simpler, and it costs at most an hour of disk).
        int newestDeletable = Math.min(ROLL_CYCLE.toCycle(appliedIndex), queue.cycle()) - 1;
        if (newestDeletable < queue.firstCycle()) {
            return 0;
        }
        long cutoff = clock.millis() - retention.toMillis();
        DateTimeFormatter names = DateTimeFormatter.ofPattern(ROLL_CYCLE.format()).withZone(ZoneOffset.UTC);
        int deleted = 0;
        for (long cycle : queue.listCyclesBetween(queue.firstCycle(), newestDeletable)) {
            long hourEnds = queue.epoch() + (cycle + 1) * ROLL_CYCLE.lengthInMillis();
            if (hourEnds > cutoff) {
                break;
            }
            Path file = dir.resolve(names.format(Instant.ofEpochMilli(hourEnds - ROLL_CYCLE.lengthInMillis()))
                    + CYCLE_FILE_SUFFIX);
            try {
                if (Files.deleteIfExists(file)) {
                    deleted++;
                    log.info("Released journal file {} (applied up to index {})", file, appliedIndex);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the journal file " + file, e);
            }
        }
        if (deleted > 0) {
            queue.refreshDirectoryListing();
        }
        return deleted;
    }

    @Override
    public synchronized void close() {
        if (appender != null) {
            appender.close();
        }
        queue.close();
    }

    @Override
    public String toString() {
        return "journal " + dir;
    }

    private static final class TailerReader implements JournalReader {

        private final ExcerptTailer tailer;

        TailerReader(ExcerptTailer tailer) {
            this.tailer = tailer;
        }

        @Override
        public JournalEntry next() {
            try (DocumentContext document = tailer.readingDocument()) {
                if (!document.isPresent()) {
                    return null;
                }
                Bytes<?> bytes = document.wire().bytes();
                long seq = bytes.readLong();
                Instant receivedAt = Instant.ofEpochSecond(bytes.readLong(), bytes.readInt());
                byte[] frame = new byte[bytes.readInt()];
                bytes.read(frame);
                return new JournalEntry(document.index(), seq, receivedAt, frame);
            }
        }

        @Override
        public void close() {
            tailer.close();
        }
    }
}
