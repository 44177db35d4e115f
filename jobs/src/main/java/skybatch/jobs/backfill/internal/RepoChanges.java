package skybatch.jobs.backfill.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.util.function.Predicate;
import skybatch.jobs.backfill.internal.BackfillItem.Change;
import skybatch.readers.mst.RecordWalk;
import skybatch.readers.mst.RepoRecord;
import skybatch.readers.repo.RepoArchive;
import skybatch.writers.record.RecordChange.Delete;
import skybatch.writers.record.RecordChange.Put;
import skybatch.writers.record.StoredRecords;
import skybatch.writers.record.StoredRecords.Stored;

/**
 * The changes that make the dataplane hold exactly one repository's records: a merge of the repository's walk and
 * the stored records, both in key order. A record that is stored at the same CID is left alone (as the app-view's
 * own re-index leaves it); one that is new or changed is put; a stored one the repository no longer has is gone.
 * Only the chosen collections are compared, on both sides.
 */
final class RepoChanges implements AutoCloseable {

    private final String did;
    private final RepoArchive archive;
    private final RecordWalk walk;
    private final StoredRecords stored;
    private final Predicate<String> collections;
    private final String indexedAt;
    private RepoRecord nextInRepo;
    private Stored nextStored;
    private boolean storedExhausted;
    private long records;

    RepoChanges(String did, RepoArchive archive, StoredRecords stored, Predicate<String> collections,
            String indexedAt) {
        this.did = did;
        this.archive = archive;
        this.walk = archive.records();
        this.stored = stored;
        this.collections = collections;
        this.indexedAt = indexedAt;
    }

    /** The next change, or null once the repository and the stored records are both done. */
    BackfillItem next() throws SQLException {
        while (true) {
            RepoRecord record = peekRepo();
            Stored old = peekStored();
            if (record == null && old == null) {
                return null;
            }
            int order = record == null ? -1 : old == null ? 1 : old.key().compareTo(record.path());
            if (order < 0) {
                nextStored = null;
                return new Change(new Delete(did, old.key()));
            }
            nextInRepo = null;
            records++;
            if (order > 0) {
                return put(record, false);
            }
            nextStored = null;
            if (!old.cid().equals(record.cid().toString())) {
                return put(record, true);
            }
        }
    }

    private Change put(RepoRecord record, boolean replaces) {
        return new Change(new Put(did, record.path(), record.cid().toString(), record.data(), replaces, indexedAt));
    }

    private RepoRecord peekRepo() {
        while (nextInRepo == null && walk.hasNext()) {
            RepoRecord record = walk.next();
            if (collections.test(record.collection())) {
                nextInRepo = record;
            }
        }
        return nextInRepo;
    }

    private Stored peekStored() throws SQLException {
        while (nextStored == null && !storedExhausted) {
            Stored old = stored.next();
            if (old == null) {
                storedExhausted = true;
            } else if (collections.test(old.key().substring(0, Math.max(0, old.key().indexOf('/'))))) {
                nextStored = old;
            }
        }
        return nextStored;
    }

    /** Records of the chosen collections walked so far. */
    long records() {
        return records;
    }

    RepoArchive archive() {
        return archive;
    }

    @Override
    public void close() throws IOException, SQLException {
        try (archive; stored) {
            // both closed, the archive's spill file deleted
        }
    }
}
