package skybatch.jobs.firehose;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import skybatch.readers.firehose.Journal;
import skybatch.writers.firehose.ParkedEvents;
import skybatch.jobs.firehose.internal.JournalBatchReader;
import skybatch.readers.firehose.JournalEntry;
import skybatch.readers.firehose.JournalReader;
import skybatch.writers.firehose.RepoStates;
import skybatch.writers.firehose.TailPosition;
import skybatch.writers.firehose.TailPositions;

/**
 * Reports the firehose's {@link TailStatus}, for {@code firehose status}, and its {@link Lag} (cheap: the committed
 * position and the journal's last seq), for {@code /health} and the lag gauges.
 */
public class TailMonitor {

    private final String relay;
    private final ObjectProvider<Journal> journal;
    private final TailPositions positions;
    private final RepoStates repos;
    private final ParkedEvents parked;

    public TailMonitor(String relay, ObjectProvider<Journal> journal, TailPositions positions, DataSource dataSource,
            String dataplaneSchema) {
        this.relay = relay;
        this.journal = journal;
        this.positions = positions;
        this.repos = new RepoStates(dataSource, dataplaneSchema);
        this.parked = new ParkedEvents(dataSource, dataplaneSchema);
    }

    public TailStatus status() {
        return TailStatus.of(relay, journal.getObject(), positions, repos, parked);
    }

    /** How far the tail is behind the journal now. */
    public Lag lag() {
        Journal firehose = journal.getObject();
        Optional<TailPosition> applied = positions.find(JournalBatchReader.name(firehose));
        OptionalLong received = firehose.lastSeq();
        if (received.isEmpty()) {
            return new Lag(null, applied.map(TailPosition::seq).orElse(null), 0, 0);
        }
        Instant oldest;
        long behind;
        if (applied.isPresent()) {
            behind = Math.max(0, received.getAsLong() - applied.get().seq());
            oldest = applied.get().receivedAt();
        } else {
            try (JournalReader all = firehose.readAfter(Journal.START)) {
                JournalEntry first = all.next();
                behind = first == null ? 0 : received.getAsLong() - first.seq() + 1;
                oldest = first == null ? null : first.receivedAt();
            }
        }
        double seconds = behind == 0 || oldest == null ? 0
                : Math.max(0, Duration.between(oldest, Instant.now()).toMillis() / 1000.0);
        return new Lag(received.getAsLong(), applied.map(TailPosition::seq).orElse(null), behind, seconds);
    }

    /**
     * @param receivedSeq the seq of the last entry journalled, or null when the journal is empty
     * @param appliedSeq the seq of the last entry the tail committed, or null before its first commit
     * @param events seqs journalled after the last applied one
     * @param seconds while the journal holds newer entries, how long ago the last applied one was received (the
     *     first entry, before any commit); 0 when caught up
     */
    public record Lag(Long receivedSeq, Long appliedSeq, long events, double seconds) {}
}
