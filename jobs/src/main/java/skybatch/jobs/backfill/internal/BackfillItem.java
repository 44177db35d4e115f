package skybatch.jobs.backfill.internal;

import skybatch.readers.mst.RepoRecord;
import skybatch.writers.backfill.RepoStatus;
import skybatch.writers.quarantine.QuarantinedInput;
import skybatch.writers.record.IndexedRecord;

/**
 * What flows through a backfill worker's chunks. The reader emits, per repository, the records that are new or
 * changed ({@link RecordPut}), those the dataplane holds but the repository no longer does ({@link RecordGone}),
 * and how the repository ended ({@link RepoDone} or {@link RepoFailed}); the processor turns each put into
 * {@link RecordIndexed} or {@link RecordRejected}; the writer applies them all in the chunk's transaction.
 */
public sealed interface BackfillItem {

    /** @param replaces whether the dataplane holds another version of the record, to be removed first */
    record RecordPut(String did, RepoRecord record, boolean replaces, String indexedAt) implements BackfillItem {}

    record RecordIndexed(IndexedRecord record, boolean replaces) implements BackfillItem {}

    /** A record the app-view would not index; any stored version of it goes, as it is no longer the repository's. */
    record RecordRejected(String uri, boolean replaces, QuarantinedInput quarantine) implements BackfillItem {}

    record RecordGone(String uri) implements BackfillItem {}

    /** @param records how many records of the chosen collections the repository holds */
    record RepoDone(String did, String commitCid, String rev, long records) implements BackfillItem {}

    /** @param quarantine the bad data, or null when the repository was just not to be had */
    record RepoFailed(String did, RepoStatus status, String reason, QuarantinedInput quarantine)
            implements BackfillItem {}
}
