package skybatch.writers.backfill;

import java.time.OffsetDateTime;

/** A row of the backfill queue, as {@code backfill status} shows it. */
public record QueueEntry(String did, String pds, RepoStatus status, int attempts, String lastError, String commitCid,
        String rev, Long recordCount, OffsetDateTime updatedAt) {}
