package skybatch.jobs.firehose;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import skybatch.jobs.firehose.internal.JournalBatchReader;
import skybatch.readers.firehose.Journal;
import skybatch.readers.firehose.JournalEntry;
import skybatch.readers.firehose.JournalReader;
import skybatch.writers.firehose.ParkedEvents;
import skybatch.writers.firehose.RepoStates;
import skybatch.writers.firehose.TailPosition;
import skybatch.writers.firehose.TailPositions;

/**
 * Where the firehose stands: what the journal holds, what the tail has applied, and how far behind it is.
 *
 * @param firstSeq the seq of the first entry the journal still keeps, or null when empty
 * @param receivedSeq the seq of the last entry journalled, or null when empty
 * @param appliedSeq the seq of the last entry the tail committed, or null before its first commit
 * @param lagEvents entries journalled and not applied yet
 * @param lagSeconds how long ago the oldest unapplied entry was received; 0 when caught up
 * @param parked live events waiting for their repository's backfill
 * @param desynchronized repositories whose stream did not match, waiting for a backfill
 */
public record TailStatus(String relay, String journal, long journalBytes, Long firstSeq, Long receivedSeq,
        Long appliedSeq, long lagEvents, double lagSeconds, long parked, long desynchronized) {

    public static TailStatus of(String relay, Journal journal, TailPositions positions, RepoStates repos,
            ParkedEvents parkedEvents) {
        Optional<TailPosition> applied = positions.find(JournalBatchReader.name(journal));
        Long first = null;
        long behind = 0;
        Instant oldestUnapplied = null;
        try (JournalReader all = journal.readAfter(Journal.START)) {
            JournalEntry entry = all.next();
            first = entry == null ? null : entry.seq();
        }
        if (journal.lastIndex() != Journal.START) {
            try (JournalReader unapplied = journal.readAfter(applied.map(TailPosition::entryIndex)
                    .orElse(Journal.START))) {
                for (JournalEntry entry; (entry = unapplied.next()) != null; behind++) {
                    if (oldestUnapplied == null) {
                        oldestUnapplied = entry.receivedAt();
                    }
                }
            }
        }
        double lagSeconds = oldestUnapplied == null ? 0
                : Math.max(0, Duration.between(oldestUnapplied, Instant.now()).toMillis() / 1000.0);
        return new TailStatus(relay, JournalBatchReader.name(journal), journal.sizeBytes(), first,
                journal.lastSeq().isPresent() ? journal.lastSeq().getAsLong() : null,
                applied.map(TailPosition::seq).orElse(null), behind, lagSeconds, parkedEvents.count(),
                repos.desynchronized());
    }
}
