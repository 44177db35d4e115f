package skybatch.writers.firehose;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import skybatch.writers.support.SqlIdentifier;

/**
 * Reads, for a chunk's repositories at once, what the live stream needs to judge an event ({@link RepoState}), and
 * writes back {@code skybatch.firehose_repo}, in the caller's transaction. A backfill that wrote a newer rev
 * ({@code actor_sync}) than the stream's supersedes the stream's root and ends a desynchronization.
 */
public class RepoStates {

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final String load;

    public RepoStates(DataSource dataSource, String dataplaneSchema) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        String dataplane = SqlIdentifier.requirePlain(dataplaneSchema, "dataplane schema");
        this.load = """
                SELECT d.did, greatest(f.rev, s."repoRev"),
                       CASE WHEN f.rev >= coalesce(s."repoRev", '') THEN f.data_cid END,
                       coalesce(f.desynchronized AND f.rev >= coalesce(s."repoRev", ''), false),
                       coalesce(f.backfill_due, false),
                       a."upstreamStatus", a.did IS NOT NULL, b.did IS NOT NULL,
                       EXISTS (SELECT 1 FROM skybatch.firehose_parked p WHERE p.did = d.did)
                FROM unnest(?::text[]) AS d(did)
                LEFT JOIN skybatch.firehose_repo f ON f.did = d.did
                LEFT JOIN %1$s.actor_sync s ON s.did = d.did
                LEFT JOIN %1$s.actor a ON a.did = d.did
                LEFT JOIN skybatch.backfill_repo b ON b.did = d.did AND b.status = 'pending'
                """.formatted(dataplane);
    }

    public Map<String, RepoState> load(Collection<String> dids) {
        Map<String, RepoState> states = new HashMap<>();
        jdbc.query(connection -> {
            PreparedStatement query = connection.prepareStatement(load);
            query.setArray(1, connection.createArrayOf("text", dids.toArray()));
            return query;
        }, rs -> {
            states.put(rs.getString(1), new RepoState(rs.getString(1), rs.getString(2), rs.getString(3),
                    rs.getBoolean(4), rs.getBoolean(5), rs.getString(6), rs.getBoolean(7), rs.getBoolean(8), rs.getBoolean(9)));
        });
        return states;
    }

    /**
     * Stores the repositories' live state.
     *
     * @param reasons why a repository became desynchronized in this chunk, by DID
     * @param seqs the seq of each repository's last event in this chunk, by DID
     */
    public void save(Collection<RepoState> states, Map<String, String> reasons, Map<String, Long> seqs)
            throws SQLException {
        if (states.isEmpty()) {
            return;
        }
        // one statement for the chunk, in DID order (so that two writers lock rows in one order)
        List<RepoState> sorted = states.stream().sorted(Comparator.comparing(RepoState::did)).toList();
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO skybatch.firehose_repo (did, data_cid, rev, desynchronized, backfill_due, reason, seq)
                SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::boolean[], ?::boolean[], ?::text[],
                                     ?::bigint[])
                ON CONFLICT (did) DO UPDATE SET data_cid = excluded.data_cid, rev = excluded.rev,
                    desynchronized = excluded.desynchronized, backfill_due = excluded.backfill_due,
                    reason = coalesce(excluded.reason, firehose_repo.reason), seq = excluded.seq, updated_at = now()
                """)) {
            upsert.setArray(1, connection.createArrayOf("text", sorted.stream().map(RepoState::did).toArray()));
            upsert.setArray(2, connection.createArrayOf("text", sorted.stream().map(RepoState::dataCid).toArray()));
            upsert.setArray(3, connection.createArrayOf("text", sorted.stream().map(RepoState::rev).toArray()));
            upsert.setArray(4, connection.createArrayOf("bool",
                    sorted.stream().map(RepoState::desynchronized).toArray()));
            upsert.setArray(5, connection.createArrayOf("bool", sorted.stream().map(RepoState::backfillDue).toArray()));
            upsert.setArray(6, connection.createArrayOf("text",
                    sorted.stream().map(r -> reasons.get(r.did())).toArray()));
            upsert.setArray(7, connection.createArrayOf("int8", sorted.stream().map(r -> seqs.get(r.did())).toArray()));
            upsert.executeUpdate();
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** How many repositories are desynchronized, waiting for a backfill. */
    public long desynchronized() {
        return jdbc.queryForObject("SELECT count(*) FROM skybatch.firehose_repo WHERE desynchronized", Long.class);
    }

    /**
     * The repositories a backfill is due for, taken off that list in the caller's transaction (the backfill's
     * enqueue step, which queues them): desynchronized ones stay desynchronized until the backfill writes them.
     */
    public List<String> takeBackfillDue(int limit) {
        return jdbc.queryForList("""
                UPDATE skybatch.firehose_repo SET backfill_due = false, updated_at = now() WHERE did IN (
                    SELECT did FROM skybatch.firehose_repo WHERE backfill_due ORDER BY did LIMIT ?)
                RETURNING did""", String.class, limit);
    }
}
