package skybatch.jobs.backfill.internal;

import skybatch.writers.backfill.RepoStatus;
import skybatch.writers.quarantine.QuarantinedInput;
import skybatch.writers.record.IndexedChange;
import skybatch.writers.record.RecordChange;

/**
 * What flows through a backfill worker's chunks: the record changes of each repository ({@link Change}, made
 * {@link Indexed} by the processor), and how the repository ended ({@link RepoDone} or {@link RepoFailed}), which
 * the writer records in the queue in the same transaction as the repository's last records.
 */
public sealed interface BackfillItem {

    record Change(RecordChange change) implements BackfillItem {}

    record Indexed(IndexedChange change) implements BackfillItem {}

    /** @param records how many records of the chosen collections the repository holds */
    record RepoDone(String did, String commitCid, String rev, long records) implements BackfillItem {}

    /** @param quarantine the bad data, or null when the repository was just not to be had */
    record RepoFailed(String did, RepoStatus status, String reason, QuarantinedInput quarantine)
            implements BackfillItem {}
}
