package skybatch.writers.record;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import skybatch.writers.record.Rows.ActorBlockRow;
import skybatch.writers.record.Rows.FeedGeneratorRow;
import skybatch.writers.record.Rows.FeedItemRow;
import skybatch.writers.record.Rows.FollowRow;
import skybatch.writers.record.Rows.LabelerRow;
import skybatch.writers.record.Rows.LikeRow;
import skybatch.writers.record.Rows.ListBlockRow;
import skybatch.writers.record.Rows.ListItemRow;
import skybatch.writers.record.Rows.ListRow;
import skybatch.writers.record.Rows.OpThreadReplyRow;
import skybatch.writers.record.Rows.PostEmbedExternalRow;
import skybatch.writers.record.Rows.PostEmbedImageRow;
import skybatch.writers.record.Rows.PostEmbedRecordRow;
import skybatch.writers.record.Rows.PostEmbedVideoRow;
import skybatch.writers.record.Rows.PostGateRow;
import skybatch.writers.record.Rows.PostRow;
import skybatch.writers.record.Rows.ProfileRow;
import skybatch.writers.record.Rows.QuoteRow;
import skybatch.writers.record.Rows.RecordRow;
import skybatch.writers.record.Rows.RepostRow;
import skybatch.writers.record.Rows.StarterPackRow;
import skybatch.writers.record.Rows.ThreadGateRow;
import skybatch.writers.record.Rows.VerificationRow;
import skybatch.writers.support.SqlIdentifier;

/**
 * Writes records into the app-view's record tables inside the caller's transaction: first removes the rows of
 * records that are gone or replaced, from every table, then COPies the new rows into each table ({@link TableCopy}:
 * straight in, or through a stage when a row's key or unique value is taken, which then stays out as in the
 * app-view, e.g. a second like of the same post, and is noted in {@code duplicate_record}, to be indexed when the record
 * that holds its value is deleted: {@link DuplicateRecords}). A gate sets, and its removal clears, its post's
 * {@code hasThreadGate} / {@code hasPostGate}, and a removed reply of a thread's author keeps its
 * {@code op_thread_reply} row with {@code deletedAt} set, as the app-view's plugins do. The posts and accounts
 * whose counts change are noted for recounting ({@link RecountQueue}) in the same transaction, unless a full
 * recount follows ({@link Recounts}).
 */
public class RecordTablesWriter {

    /** Children before parents: the embed tables are keyed by their post's URI. */
    static final List<Class<? extends Record>> TABLES = List.of(RecordRow.class, PostRow.class,
            FeedItemRow.class, PostEmbedImageRow.class, PostEmbedExternalRow.class, PostEmbedRecordRow.class,
            PostEmbedVideoRow.class, QuoteRow.class, OpThreadReplyRow.class, LikeRow.class, RepostRow.class,
            FollowRow.class, ActorBlockRow.class, ProfileRow.class, ListRow.class, ListItemRow.class,
            ListBlockRow.class, FeedGeneratorRow.class, StarterPackRow.class, LabelerRow.class, ThreadGateRow.class,
            PostGateRow.class, VerificationRow.class);
    private static final List<String> BY_POST_URI = List.of("post_embed_image", "post_embed_external",
            "post_embed_record", "post_embed_video");

    /** As in PlcIdentityWriter: a lost last commit only means the restart redoes it, with the queue status. */
    private static final String NO_COMMIT_WAIT = "SET LOCAL synchronous_commit = off";

    /** Whether the rows a writer is given often take keys or unique values the tables already hold. */
    public enum Conflicts {
        /** A backfill's: the rows are COPied straight in, and through the stage only when that COPY fails. */
        RARE,
        /**
         * A live stream's (replays, a second like of a post, records a backfill wrote first): the rows go through the
         * stage at once, since a COPY that fails costs its rows twice and leaves them dead in the table and its
         * indexes.
         */
        EXPECTED
    }

    private final DataSource dataSource;
    private final String dataplane;
    private final boolean staged;
    private final Map<Class<? extends Record>, TableCopy<? extends Record>> tables = new LinkedHashMap<>();
    /** The removals as one text of statements, sent at once, each statement binding the removed URIs. */
    private final String removal;
    private final int removalStatements;
    private final RecountQueue recountQueue;
    private final DuplicateRecords duplicates;

    public RecordTablesWriter(DataSource dataSource, String dataplaneSchema) {
        this(dataSource, dataplaneSchema, Conflicts.RARE);
    }

    public RecordTablesWriter(DataSource dataSource, String dataplaneSchema, Conflicts conflicts) {
        this.dataSource = dataSource;
        this.dataplane = SqlIdentifier.requirePlain(dataplaneSchema, "dataplane schema");
        this.staged = conflicts == Conflicts.EXPECTED;
        List<String> removals = new ArrayList<>();
        this.recountQueue = new RecountQueue(dataplane);
        this.duplicates = new DuplicateRecords(dataplane, TABLES);
        for (Class<? extends Record> type : TABLES) {
            tables.put(type, tableCopy(type));
        }
        for (String table : BY_POST_URI) {
            removals.add("DELETE FROM " + dataplane + "." + table + " WHERE \"postUri\" = ANY (?)");
        }
        for (String gate : List.of("thread_gate", "post_gate")) {
            String flag = gate.equals("thread_gate") ? "\"hasThreadGate\"" : "\"hasPostGate\"";
            removals.add("WITH gone AS (DELETE FROM " + dataplane + "." + gate + " WHERE uri = ANY (?)"
                    + " RETURNING \"postUri\") UPDATE " + dataplane + ".post p SET " + flag + " = false"
                    + " FROM gone WHERE p.uri = gone.\"postUri\"");
        }
        // as the post plugin does, so that the thread walk can still pass through a removed reply
        removals.add("UPDATE " + dataplane + ".op_thread_reply SET \"deletedAt\" = to_char(now() AT TIME ZONE 'UTC',"
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') WHERE uri = ANY (?)");
        for (TableCopy<? extends Record> table : tables.values()) {
            if (!BY_POST_URI.contains(table.table()) && !table.table().endsWith("_gate")
                    && !table.table().equals("op_thread_reply")) {
                removals.add("DELETE FROM " + dataplane + ".\"" + table.table() + "\" WHERE uri = ANY (?)");
            }
        }
        removals.add(DuplicateRecords.removal(dataplane));
        this.removal = String.join(";\n", removals);
        this.removalStatements = removals.size();
    }

    private <R extends Record> TableCopy<R> tableCopy(Class<R> type) {
        return new TableCopy<>(type, dataplane);
    }

    /**
     * Removes the records {@code removedUris} from every table, then indexes {@code records}.
     *
     * @param removedUris records that are gone, and the old versions of records being replaced
     */
    public void write(Collection<String> removedUris, Collection<IndexedRecord> records) throws SQLException {
        write(removedUris, records, Recounts.NOTED);
    }

    /**
     * Removes the records {@code removedUris} from every table, then indexes {@code records}, noting the counts
     * they change or not, as {@code recounts} says.
     */
    public void write(Collection<String> removedUris, Collection<IndexedRecord> records, Recounts recounts)
            throws SQLException {
        write(removedUris, records, List.of(), recounts);
    }

    /**
     * As {@link #write(Collection, Collection, Recounts)}, with the versions of records that changes gathered with
     * these replaced or removed before they were written: the counts they were in are noted too.
     */
    void write(Collection<String> removedUris, Collection<IndexedRecord> records,
            Collection<IndexedRecord> superseded, Recounts recounts) throws SQLException {
        write(removedUris, records, superseded, recounts, false);
    }

    /** Removes the records of an account that is gone: their duplicates are forgotten, none takes their place. */
    void removeAccount(Collection<String> uris) throws SQLException {
        write(uris, List.of(), List.of(), Recounts.NOTED, true);
    }

    private void write(Collection<String> removedUris, Collection<IndexedRecord> records,
            Collection<IndexedRecord> superseded, Recounts recounts, boolean cascading) throws SQLException {
        if (removedUris.isEmpty() && records.isEmpty()) {
            return;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            try (Statement setup = connection.createStatement()) {
                setup.execute(NO_COMMIT_WAIT);
            }
            if (recounts == Recounts.NOTED) {
                List<IndexedRecord> counted = new ArrayList<>(records);
                counted.addAll(superseded);
                recountQueue.note(connection, removedUris, counted);
            }
            List<IndexedRecord> promoted = List.of();
            if (!removedUris.isEmpty()) {
                remove(connection, removedUris);
                if (cascading) {
                    duplicates.cascade(connection, removedUris);
                } else {
                    promoted = duplicates.promoted(connection, deleted(removedUris, records));
                }
            }
            if (!records.isEmpty() || !promoted.isEmpty()) {
                // a promoted duplicate's counts are those of the record it replaces, noted with its removal
                insert(connection, records, promoted);
            }
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private void remove(Connection connection, Collection<String> uris) throws SQLException {
        Array array = connection.createArrayOf("text", uris.toArray());
        // one round trip: the driver sends the statements together, in order
        try (PreparedStatement delete = connection.prepareStatement(removal)) {
            for (int i = 1; i <= removalStatements; i++) {
                delete.setArray(i, array);
            }
            delete.execute();
        }
    }

    /** The removed records that are not written again: replaced ones keep their value, as in an update. */
    private static Collection<String> deleted(Collection<String> removedUris, Collection<IndexedRecord> records) {
        Set<String> deleted = new HashSet<>(removedUris);
        records.forEach(record -> deleted.remove(record.uri()));
        return deleted;
    }

    /**
     * @param promoted duplicates indexed in place of a deleted record: their rows only (their {@code record} row is
     *     there), before the records', whose events came later
     */
    private void insert(Connection connection, Collection<IndexedRecord> records, List<IndexedRecord> promoted)
            throws SQLException {
        Map<Class<? extends Record>, List<Record>> rowsByType = new LinkedHashMap<>();
        for (IndexedRecord record : promoted) {
            for (Record row : record.rows()) {
                rowsByType.computeIfAbsent(row.getClass(), t -> new ArrayList<>()).add(row);
            }
        }
        for (IndexedRecord record : records) {
            rowsByType.computeIfAbsent(RecordRow.class, t -> new ArrayList<>()).add(record.record());
            for (Record row : record.rows()) {
                rowsByType.computeIfAbsent(row.getClass(), t -> new ArrayList<>()).add(row);
            }
        }
        StringBuilder merges = new StringBuilder();
        // only rows that went through a stage can have been turned away for a value another row holds
        Map<Class<? extends Record>, List<Record>> merged = new LinkedHashMap<>();
        for (Map.Entry<Class<? extends Record>, TableCopy<? extends Record>> table : tables.entrySet()) {
            List<Record> rows = rowsByType.get(table.getKey());
            if (rows != null) {
                String merge = copy(connection, table.getValue(), rows, staged);
                if (merge != null) {
                    merges.append(merge).append(";\n");
                    merged.put(table.getKey(), rows);
                }
            }
        }
        if (merges.length() > 0) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(merges.toString());
            }
            duplicates.note(connection, merged);
        }
        setGateFlag(connection, "\"hasThreadGate\"", rowsByType.get(ThreadGateRow.class));
        setGateFlag(connection, "\"hasPostGate\"", rowsByType.get(PostGateRow.class));
    }

    private void setGateFlag(Connection connection, String flag, List<Record> gates) throws SQLException {
        if (gates == null) {
            return;
        }
        Object[] posts = gates.stream()
                .map(g -> g instanceof ThreadGateRow t ? t.postUri() : ((PostGateRow) g).postUri()).toArray();
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + dataplane + ".post SET " + flag
                + " = true WHERE uri = ANY (?)")) {
            update.setArray(1, connection.createArrayOf("text", posts));
            update.executeUpdate();
        }
    }

    @SuppressWarnings("unchecked")
    private static <R extends Record> String copy(Connection connection, TableCopy<R> table, List<Record> rows,
            boolean staged) throws SQLException {
        return table.copy(connection, (List<R>) rows, staged);
    }

    /** The URIs of every record the dataplane holds for a repository. */
    List<String> storedUris(String did) throws SQLException {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement query = connection.prepareStatement("SELECT uri FROM " + dataplane
                + ".record WHERE did = ?")) {
            query.setString(1, did);
            List<String> uris = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    uris.add(rows.getString(1));
                }
            }
            return uris;
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /**
     * The commit each repository was read at, into {@code actor_sync}, in the caller's transaction: one statement,
     * the last commit given of each repository winning, in DID order (so that two writers lock rows in one order).
     */
    public void sync(Collection<RepoCommit> commits) throws SQLException {
        if (commits.isEmpty()) {
            return;
        }
        Map<String, RepoCommit> last = new TreeMap<>();
        for (RepoCommit commit : commits) {
            last.put(commit.did(), commit);
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + dataplane
                + ".actor_sync (did, \"commitCid\", \"repoRev\")"
                + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[]) ON CONFLICT (did) DO UPDATE"
                + " SET \"commitCid\" = excluded.\"commitCid\", \"repoRev\" = excluded.\"repoRev\"")) {
            upsert.setArray(1, connection.createArrayOf("text", last.keySet().toArray()));
            upsert.setArray(2, connection.createArrayOf("text",
                    last.values().stream().map(RepoCommit::commitCid).toArray()));
            upsert.setArray(3, connection.createArrayOf("text", last.values().stream().map(RepoCommit::rev).toArray()));
            upsert.executeUpdate();
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** A repository's commit: its CID and revision (null in an old version-2 commit without one). */
    public record RepoCommit(String did, String commitCid, String rev) {}
}
