package skybatch.writers.firehose;

import java.time.Instant;

/**
 * The last journal entry a tail applied.
 *
 * @param entryIndex the journal's index of the entry
 * @param seq the relay's seq of the entry
 * @param receivedAt when the ingest received it
 */
public record TailPosition(long entryIndex, long seq, Instant receivedAt) {}
