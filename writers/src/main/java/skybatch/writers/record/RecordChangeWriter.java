package skybatch.writers.record;

import java.sql.SQLException;
import skybatch.writers.quarantine.QuarantineRepository;

/**
 * Applies a {@link ChangeSet} in the caller's transaction: the record tables with their feed items, quotes and
 * recount notes ({@link RecordTablesWriter}), the quarantined input, and each repository's commit in
 * {@code actor_sync}. The one way any job writes records.
 */
public class RecordChangeWriter {

    private final RecordTablesWriter tables;
    private final QuarantineRepository quarantine;

    public RecordChangeWriter(RecordTablesWriter tables, QuarantineRepository quarantine) {
        this.tables = tables;
        this.quarantine = quarantine;
    }

    /** Removes every record of a repository, with what hangs on them (an account deleted). */
    public void removeRepository(String did) throws SQLException {
        tables.removeAccount(tables.storedUris(did));
    }

    public void write(ChangeSet changes) throws SQLException {
        write(changes, Recounts.NOTED);
    }

    /** As {@link #write(ChangeSet)}, noting the counts the changes alter or not, as {@code recounts} says. */
    public void write(ChangeSet changes, Recounts recounts) throws SQLException {
        tables.write(changes.removed(), changes.indexed(), changes.superseded(), recounts);
        changes.quarantined().forEach(quarantine::add);
        tables.sync(changes.commits());
    }
}
