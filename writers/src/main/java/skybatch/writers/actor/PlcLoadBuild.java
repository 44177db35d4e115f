package skybatch.writers.actor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import skybatch.readers.syntax.Datetime;
import skybatch.writers.support.SqlIdentifier;

/**
 * The PLC import's first load: while the identity tables are empty, chunks only append to
 * {@code skybatch.plc_load_stage} ({@link PlcLoadStageWriter}); this builds {@code skybatch.actor_identity} and the
 * app-view's {@code actor} and {@code did_cache} from the stage in one set-based pass, in the caller's transaction,
 * and empties the stage in it. The rows are those the merge ({@link PlcIdentityWriter}) leaves after an
 * uninterrupted run: each DID's latest operation by createdAt, the first line of a tie; an actor row for every DID
 * (handle NULL: a claim is not a verification); a document for every DID not tombstoned.
 *
 * <p>The tables' indexes are dropped first and made again after the rows are in (one sort each instead of a
 * B-tree descent per row), exactly as they were defined, in the same transaction: a crash anywhere in the pass
 * leaves the stage and the empty tables as they were, and doing it again gives the same rows. The documents, the
 * wide column, stay out of the sort that picks each DID's operation; the other columns go through it, so that
 * {@code actor_identity} and {@code actor} are written from its result in DID order without a join.
 */
public class PlcLoadBuild {

    private static final String STAGE = "skybatch.plc_load_stage";

    private final JdbcTemplate jdbc;
    private final List<String> tables;
    private final String actor;
    private final String didCache;

    public PlcLoadBuild(DataSource dataSource, String dataplaneSchema) {
        this.jdbc = new JdbcTemplate(dataSource);
        String dataplane = SqlIdentifier.requirePlain(dataplaneSchema, "dataplane schema");
        this.actor = dataplane + ".actor";
        this.didCache = dataplane + ".did_cache";
        this.tables = List.of("skybatch.actor_identity", actor, didCache);
    }

    /** Whether all three identity tables are empty: then an import can load instead of merging. */
    public boolean targetsEmpty() {
        String anyRow = String.join(" UNION ALL ", tables.stream()
                .map(table -> "(SELECT 1 FROM " + table + " LIMIT 1)").toList());
        return !Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (" + anyRow + ")", Boolean.class));
    }

    /** Forgets what an abandoned load left in the stage. */
    public void clearStage() {
        jdbc.execute("TRUNCATE " + STAGE);
    }

    /**
     * Builds the identity tables from the stage and empties it; does nothing when the stage is empty (the pass
     * already committed).
     *
     * @return the DIDs built
     * @throws IllegalStateException when the identity tables are no longer empty
     */
    public long build() {
        if (!Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM " + STAGE + ")", Boolean.class))) {
            return 0;
        }
        if (!targetsEmpty()) {
            throw new IllegalStateException("the identity tables were written while the first load ran: import the"
                    + " file again to merge it (its staged operations are in " + STAGE + ")");
        }
        // one long statement each: the sorts and index builds get memory, the JIT is not worth compiling for
        jdbc.execute("SET LOCAL synchronous_commit = off");
        jdbc.execute("SET LOCAL jit = off");
        jdbc.execute("SET LOCAL work_mem = '256MB'");
        jdbc.execute("SET LOCAL maintenance_work_mem = '512MB'");
        List<String> recreate = new ArrayList<>();
        for (String table : tables) {
            recreate.addAll(dropIndexes(table));
        }
        // The winners, without their documents, sorted by DID: actor_identity and actor are filled from them in
        // that order, so that building their DID indexes finds the rows sorted (C order is C.UTF-8's for DIDs).
        jdbc.execute("CREATE TEMP TABLE plc_load_winner ON COMMIT DROP AS"
                + " SELECT DISTINCT ON (did) seq, did, claimed_handle, pds_endpoint, signing_key, tombstoned, plc_cid,"
                + " plc_created_at FROM " + STAGE + " ORDER BY did, plc_created_at DESC, seq");
        jdbc.execute("ANALYZE plc_load_winner");
        long dids = jdbc.update("""
                INSERT INTO skybatch.actor_identity (did, claimed_handle, pds_endpoint, signing_key, tombstoned, plc_cid,
                                                     plc_created_at, updated_at)
                SELECT did, claimed_handle, pds_endpoint, signing_key, tombstoned, plc_cid, plc_created_at, now()
                FROM plc_load_winner
                """);
        Instant now = Instant.now();
        jdbc.update("INSERT INTO " + actor + " (did, \"indexedAt\") SELECT did, ? FROM plc_load_winner",
                Datetime.of(now).toString());
        jdbc.update("INSERT INTO " + didCache + " (did, doc, \"updatedAt\") SELECT s.did, s.doc::jsonb, ?"
                + " FROM " + STAGE + " s JOIN plc_load_winner w ON w.seq = s.seq WHERE NOT w.tombstoned",
                now.toEpochMilli());
        recreate.forEach(jdbc::execute);
        jdbc.execute("TRUNCATE " + STAGE);
        return dids;
    }

    /**
     * Drops the table's indexes (and the constraints they back) and returns the statements that make them again
     * as they were; none when another table's foreign key needs them, since then they must stay.
     */
    private List<String> dropIndexes(String table) {
        boolean referenced = Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE contype = 'f' AND confrelid = ?::regclass)",
                Boolean.class, table));
        if (referenced) {
            return List.of();
        }
        List<String[]> indexes = jdbc.query("""
                SELECT quote_ident(c.conname), pg_get_constraintdef(c.oid), pg_get_indexdef(i.indexrelid),
                       i.indexrelid::regclass::text
                FROM pg_index i
                LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
                                         AND c.contype IN ('p', 'u', 'x')
                WHERE i.indrelid = ?::regclass
                ORDER BY i.indisprimary DESC, i.indexrelid
                """, (rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4)}, table);
        List<String> recreate = new ArrayList<>();
        for (String[] index : indexes) {
            if (index[0] != null) {
                jdbc.execute("ALTER TABLE " + table + " DROP CONSTRAINT " + index[0]);
                recreate.add("ALTER TABLE " + table + " ADD CONSTRAINT " + index[0] + " " + index[1]);
            } else {
                jdbc.execute("DROP INDEX " + index[3]);
                recreate.add(index[2]);
            }
        }
        return recreate;
    }
}
