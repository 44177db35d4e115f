package skybatch.writers.backfill;

import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import skybatch.writers.support.SqlIdentifier;

/**
 * The durable backfill queue, {@code skybatch.backfill_repo}, and the listing cursors,
 * {@code skybatch.backfill_listing}. A run enqueues repositories under its job instance id; its workers take the
 * pending ones of their share in DID order and record how each ended. Queueing a repository again makes it pending
 * again, whatever it was.
 */
public class BackfillQueue {

    private static final String UPSERT = """
            ON CONFLICT (did) DO UPDATE SET pds = excluded.pds, status = excluded.status,
                job_instance_id = excluded.job_instance_id, attempts = 0, last_error = excluded.last_error,
                updated_at = now()
            """;
    private static final RowMapper<QueueEntry> ENTRY = (rs, i) -> new QueueEntry(rs.getString("did"),
            rs.getString("pds"), RepoStatus.of(rs.getString("status")), rs.getInt("attempts"),
            rs.getString("last_error"), rs.getString("commit_cid"), rs.getString("rev"),
            (Long) rs.getObject("record_count"), rs.getObject("updated_at", OffsetDateTime.class));

    private final JdbcTemplate jdbc;
    private final String dataplane;

    public BackfillQueue(DataSource dataSource, String dataplaneSchema) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.dataplane = SqlIdentifier.requirePlain(dataplaneSchema, "dataplane schema");
    }

    /** Queues repositories with the status their PDS listed them with (pending, or why it does not serve them). */
    public void enqueue(long jobInstanceId, Collection<QueuedRepo> repos, RepoStatus status, String reason) {
        if (repos.isEmpty()) {
            return;
        }
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO skybatch.backfill_repo AS q (did, pds, status, job_instance_id, last_error)
                    SELECT DISTINCT ON (r.did) r.did, r.pds, ?, ?, ? FROM unnest(?::text[], ?::text[]) AS r(did, pds)
                    """ + UPSERT);
            insert.setString(1, status.value());
            insert.setLong(2, jobInstanceId);
            insert.setString(3, reason);
            insert.setArray(4, connection.createArrayOf("text", repos.stream().map(QueuedRepo::did).toArray()));
            insert.setArray(5, connection.createArrayOf("text", repos.stream().map(QueuedRepo::pds).toArray()));
            return insert;
        });
    }

    /**
     * Queues DIDs with the PDS their identity names: {@code skybatch.actor_identity} (the PLC import), else the DID
     * document in the dataplane's {@code did_cache}. A DID with neither is queued as failed, saying so.
     */
    public void enqueueDids(long jobInstanceId, Collection<String> dids) {
        if (dids.isEmpty()) {
            return;
        }
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO skybatch.backfill_repo AS q (did, pds, status, job_instance_id, last_error)
                    SELECT d.did, p.pds, CASE WHEN p.pds IS NULL THEN 'failed' ELSE 'pending' END, ?,
                           CASE WHEN p.pds IS NULL
                                THEN 'no PDS known for this DID: import the PLC directory first' END
                    FROM (SELECT DISTINCT did FROM unnest(?::text[]) AS u(did)) d
                    LEFT JOIN skybatch.actor_identity i ON i.did = d.did COLLATE "C"
                    LEFT JOIN %1$s.did_cache c ON c.did = d.did
                    CROSS JOIN LATERAL (SELECT coalesce(i.pds_endpoint, (
                        SELECT s ->> 'serviceEndpoint'
                        FROM jsonb_array_elements(CASE jsonb_typeof(c.doc -> 'service')
                                                  WHEN 'array' THEN c.doc -> 'service' ELSE '[]' END) s
                        WHERE s ->> 'id' IN ('#atproto_pds', d.did || '#atproto_pds') LIMIT 1)) AS pds) p
                    """.formatted(dataplane) + UPSERT);
            insert.setLong(1, jobInstanceId);
            insert.setArray(2, connection.createArrayOf("text", dids.toArray()));
            return insert;
        });
    }

    /**
     * The next pending repositories of a run's share {@code index} of {@code count}, after {@code afterDid} in DID
     * order. The share of a DID never changes, so a restarted worker takes up the same ones.
     */
    public List<QueuedRepo> pending(long jobInstanceId, int index, int count, String afterDid, int limit) {
        return jdbc.query("""
                SELECT did, pds FROM skybatch.backfill_repo
                WHERE job_instance_id = ? AND status = 'pending' AND did > ? AND (hashtext(did) & 2147483647) % ? = ?
                ORDER BY did LIMIT ?
                """, (rs, i) -> new QueuedRepo(rs.getString(1), rs.getString(2)), jobInstanceId,
                afterDid == null ? "" : afterDid, count, index, limit);
    }

    /** The next pending repositories of a run in the given slices of PDSes, after {@code afterDid} in DID order. */
    public List<QueuedRepo> pendingIn(long jobInstanceId, List<PdsSlice> slices, String afterDid, int limit) {
        return jdbc.query(connection -> {
            PreparedStatement select = connection.prepareStatement("""
                    SELECT q.did, q.pds FROM skybatch.backfill_repo q
                    JOIN unnest(?::text[], ?::int[], ?::int[]) AS s(pds, index, slices)
                      ON q.pds = s.pds AND (hashtext(q.did) & 2147483647) % s.slices = s.index
                    WHERE q.job_instance_id = ? AND q.status = 'pending' AND q.did > ?
                    ORDER BY q.did LIMIT ?
                    """);
            select.setArray(1, connection.createArrayOf("text", slices.stream().map(PdsSlice::pds).toArray()));
            select.setArray(2, connection.createArrayOf("int4", slices.stream().map(PdsSlice::index).toArray()));
            select.setArray(3, connection.createArrayOf("int4", slices.stream().map(PdsSlice::of).toArray()));
            select.setLong(4, jobInstanceId);
            select.setString(5, afterDid == null ? "" : afterDid);
            select.setInt(6, limit);
            return select;
        }, (rs, i) -> new QueuedRepo(rs.getString(1), rs.getString(2)));
    }

    /**
     * How many repositories run {@code jobInstanceId} queued, whatever their status, in each slice of {@code of}
     * per PDS that holds any: largest first, then by PDS and index, so that the same queue gives the same order.
     */
    public Map<PdsSlice, Long> countsBySlice(long jobInstanceId, int of) {
        Map<PdsSlice, Long> counts = new LinkedHashMap<>();
        jdbc.query("""
                SELECT pds, (hashtext(did) & 2147483647) % ? AS index, count(*) FROM skybatch.backfill_repo
                WHERE job_instance_id = ? AND pds IS NOT NULL
                GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2
                """, (RowCallbackHandler) rs -> counts.put(new PdsSlice(rs.getString(1), rs.getInt(2), of),
                rs.getLong(3)), of, jobInstanceId);
        return counts;
    }

    /** The DIDs a run queued, whatever became of them, after {@code afterDid} in DID order. */
    public List<String> runDids(long jobInstanceId, String afterDid, int limit) {
        return jdbc.queryForList("SELECT did FROM skybatch.backfill_repo WHERE job_instance_id = ? AND did > ?"
                + " ORDER BY did LIMIT ?", String.class, jobInstanceId, afterDid == null ? "" : afterDid, limit);
    }

    /**
     * Whether the run can derive its accounts' threads and notifications as a first load's, each account alone
     * ({@code ThreadsAndNotifications#writeFirstLoad}): no notification yet, and every post of one of its repositories.
     */
    public boolean derivesEachAccountAlone(long jobInstanceId) {
        return jdbc.queryForObject("""
                SELECT NOT EXISTS (SELECT FROM %1$s.notification)
                   AND NOT EXISTS (SELECT FROM %1$s.post p WHERE NOT EXISTS (SELECT FROM skybatch.backfill_repo q
                       WHERE q.did = p.creator AND q.job_instance_id = ?))
                """.formatted(dataplane), Boolean.class, jobInstanceId);
    }

    /** A repository backfilled: the commit it was read at and how many records it holds. */
    public record Done(String did, String commitCid, String rev, long records) {}

    /** A repository not backfilled, and why. */
    public record Failed(String did, RepoStatus status, String error) {}

    public void done(List<Done> repos) {
        jdbc.batchUpdate("""
                UPDATE skybatch.backfill_repo SET status = 'done', attempts = attempts + 1, last_error = NULL,
                    commit_cid = ?, rev = ?, record_count = ?, updated_at = now()
                WHERE did = ?
                """, repos, repos.size(), (statement, done) -> {
            statement.setString(1, done.commitCid());
            statement.setString(2, done.rev());
            statement.setLong(3, done.records());
            statement.setString(4, done.did());
        });
    }

    public void failed(List<Failed> repos) {
        jdbc.batchUpdate("""
                UPDATE skybatch.backfill_repo SET status = ?, attempts = attempts + 1, last_error = ?,
                    updated_at = now()
                WHERE did = ?
                """, repos, repos.size(), (statement, failed) -> {
            statement.setString(1, failed.status().value());
            statement.setString(2, failed.error());
            statement.setString(3, failed.did());
        });
    }

    /** How far run {@code jobInstanceId} has listed {@code pds}. */
    public Listing listing(long jobInstanceId, String pds) {
        return jdbc.query("SELECT cursor, finished, listed FROM skybatch.backfill_listing"
                        + " WHERE job_instance_id = ? AND pds = ?",
                (rs, i) -> new Listing(rs.getString(1), rs.getBoolean(2), rs.getLong(3)), jobInstanceId, pds)
                .stream().findFirst().orElse(Listing.START);
    }

    public void saveListing(long jobInstanceId, String pds, Listing listing) {
        jdbc.update("""
                INSERT INTO skybatch.backfill_listing (job_instance_id, pds, cursor, finished, listed, updated_at)
                VALUES (?, ?, ?, ?, ?, now())
                ON CONFLICT (job_instance_id, pds) DO UPDATE SET cursor = excluded.cursor,
                    finished = excluded.finished, listed = excluded.listed, updated_at = excluded.updated_at
                """, jobInstanceId, pds, listing.cursor(), listing.finished(), listing.listed());
    }

    /** How many repositories have each status, every status listed. */
    public Map<RepoStatus, Long> counts() {
        Map<RepoStatus, Long> counts = new LinkedHashMap<>();
        for (RepoStatus status : RepoStatus.values()) {
            counts.put(status, 0L);
        }
        jdbc.query("SELECT status, count(*) FROM skybatch.backfill_repo GROUP BY status",
                (RowCallbackHandler) rs -> counts.put(RepoStatus.of(rs.getString(1)), rs.getLong(2)));
        return counts;
    }

    /** The repositories that ended otherwise than done, latest first. */
    public List<QueueEntry> recentFailures(int limit) {
        return jdbc.query("SELECT * FROM skybatch.backfill_repo WHERE status NOT IN ('pending', 'done')"
                + " ORDER BY updated_at DESC, did LIMIT ?", ENTRY, limit);
    }
}
