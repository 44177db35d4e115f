package skybatch.writers.actor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToLongFunction;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import skybatch.readers.syntax.Datetime;
import skybatch.writers.support.SqlIdentifier;

/**
 * The PLC import's first load: while the identity tables are empty, chunks only append to
 * {@code skybatch.plc_load_stage} ({@link PlcLoadStageWriter}); this builds {@code skybatch.actor_identity} and the
 * app-view's {@code actor} and {@code did_cache} from the stage in set-based passes, and empties the stage. The rows
 * are those the merge ({@link PlcIdentityWriter}) leaves after an uninterrupted run: each DID's latest operation by
 * createdAt, the first line of a tie; an actor row for every DID (handle NULL: a claim is not a verification); a
 * document for every DID not tombstoned.
 *
 * <p>It builds in two parts at once, each in its own transaction on its own connection, so that both cores work:
 * {@code actor_identity} with {@code actor}, and {@code did_cache}. Each part drops its tables' indexes, writes the
 * rows, makes the indexes again exactly as they were defined (one sort each instead of a B-tree descent per row),
 * and notes in {@code skybatch.plc_load_built} that it is built, all in its transaction: a crash anywhere leaves a
 * part either built and noted or as it was, and doing it again builds only the parts not noted, with the same rows.
 * Once both are built, the stage and the notes are emptied in the caller's transaction. The documents, the wide
 * column, stay out of the sort that picks each DID's operation for {@code actor_identity} and {@code actor}, which
 * are written from its result in DID order (C order is C.UTF-8's for DIDs), so that their DID indexes are built
 * from presorted rows; {@code did_cache}, the longer part, picks its rows by an anti-join instead, without sorting.
 */
public class PlcLoadBuild {

    private static final String STAGE = "skybatch.plc_load_stage";
    private static final String BUILT = "skybatch.plc_load_built";

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final List<String> tables;
    private final String actor;
    private final String didCache;

    public PlcLoadBuild(DataSource dataSource, String dataplaneSchema) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.ownTransaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        String dataplane = SqlIdentifier.requirePlain(dataplaneSchema, "dataplane schema");
        this.actor = dataplane + ".actor";
        this.didCache = dataplane + ".did_cache";
        this.tables = List.of("skybatch.actor_identity", actor, didCache);
    }

    /** Whether all three identity tables are empty: then an import can load instead of merging. */
    public boolean targetsEmpty() {
        return allEmpty(jdbc, tables);
    }

    private static boolean allEmpty(JdbcTemplate jdbc, List<String> tables) {
        String anyRow = String.join(" UNION ALL ", tables.stream()
                .map(table -> "(SELECT 1 FROM " + table + " LIMIT 1)").toList());
        return !Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (" + anyRow + ")", Boolean.class));
    }

    /** Forgets what an abandoned load left in the stage. */
    public void clearStage() {
        jdbc.execute("TRUNCATE " + STAGE + ", " + BUILT);
    }

    /**
     * Builds the identity tables from the stage and empties it; does nothing when the stage is empty (the load
     * already ended). The caller's transaction must not have read the identity tables: the parts lock them.
     *
     * @return the DIDs built ({@code actor_identity}'s rows written now)
     * @throws IllegalStateException when identity tables of a part not built yet are no longer empty
     */
    public long build() {
        if (!Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM " + STAGE + ")", Boolean.class))) {
            return 0;
        }
        analyzeStage();
        ExecutorService second = Executors.newSingleThreadExecutor(task -> new Thread(task, "plc-load-build"));
        try {
            Future<Long> documents = second.submit(() -> part("did_cache", List.of(didCache), this::buildDocuments));
            long dids;
            try {
                dids = part("identities", List.of("skybatch.actor_identity", actor), this::buildIdentities);
            } catch (RuntimeException e) {
                awaitQuietly(documents, e);
                throw e;
            }
            try {
                documents.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException failure ? failure
                        : new IllegalStateException(e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while building did_cache", e);
            }
            jdbc.execute("TRUNCATE " + STAGE + ", " + BUILT);
            return dids;
        } finally {
            second.shutdownNow();
        }
    }

    /**
     * Gives the planner the stage's real size, committed before the parts plan their statements on their own
     * connections: unanalysed, a stage of 3.3 million rows was planned at 14 million, and did_cache's anti-join then
     * split its hash table into four batches spilled to disk (21.7 s; 14.9 s analysed, one batch in memory).
     */
    private void analyzeStage() {
        ownTransaction.executeWithoutResult(
                status -> jdbc.execute("ANALYZE " + STAGE + " (did, tombstoned, plc_created_at, seq)"));
    }

    /** Lets the other part end (it rolls back or commits on its own) before {@code failure} is thrown. */
    private static void awaitQuietly(Future<?> part, RuntimeException failure) {
        try {
            part.get();
        } catch (ExecutionException e) {
            failure.addSuppressed(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One part in its own transaction: nothing when it is noted built, else its tables built and it noted. */
    private long part(String name, List<String> partTables, ToLongFunction<JdbcTemplate> rows) {
        Long built = ownTransaction.execute(status -> {
            JdbcTemplate own = new JdbcTemplate(dataSource);
            if (Boolean.TRUE.equals(own.queryForObject("SELECT EXISTS (SELECT 1 FROM " + BUILT + " WHERE part = ?)",
                    Boolean.class, name))) {
                return 0L;
            }
            if (!allEmpty(own, partTables)) {
                throw new IllegalStateException("the identity tables were written while the first load ran: import the"
                        + " file again to merge it (its staged operations are in " + STAGE + ")");
            }
            // long statements: the sorts and index builds get memory, the JIT is not worth compiling for them
            own.execute("SET LOCAL synchronous_commit = off");
            own.execute("SET LOCAL jit = off");
            own.execute("SET LOCAL work_mem = '256MB'");
            own.execute("SET LOCAL maintenance_work_mem = '512MB'");
            List<String> recreate = new ArrayList<>();
            for (String table : partTables) {
                recreate.addAll(dropIndexes(own, table));
            }
            long written = rows.applyAsLong(own);
            recreate.forEach(own::execute);
            own.update("INSERT INTO " + BUILT + " (part) VALUES (?)", name);
            return written;
        });
        return built == null ? 0 : built;
    }

    /**
     * actor_identity and actor, from each DID's winning operation without its document, in DID order: one
     * statement, actor's rows taken from the DIDs actor_identity's insert returns (a temporary table of the winners
     * cost more, written through the session's small local buffers and read twice). The sort leads with the DID
     * after its method ({@code did:plc:}, the same 8 bytes in every DID of a PLC export): the sort's abbreviated keys
     * are a key's first 8 bytes, useless on the whole DID, and with them the sort costs about a fifth less; the order is
     * still the DIDs' for an export's did:plc DIDs.
     */
    private long buildIdentities(JdbcTemplate own) {
        return own.update("WITH identity AS (INSERT INTO skybatch.actor_identity (did, claimed_handle, pds_endpoint,"
                + " signing_key, tombstoned, plc_cid, plc_created_at, updated_at)"
                + " SELECT DISTINCT ON (substr(did, 9), did) did, claimed_handle, pds_endpoint, signing_key, tombstoned,"
                + " plc_cid, plc_created_at, now() FROM " + STAGE
                + " ORDER BY substr(did, 9), did, plc_created_at DESC, seq RETURNING did)"
                + " INSERT INTO " + actor + " (did, \"indexedAt\") SELECT did, ? FROM identity",
                Datetime.of(Instant.now()).toString());
    }

    /**
     * did_cache: the winning operations' documents, each staged row kept when no row of its DID beats it (a hash
     * anti-join on the DID: the stage read twice, the documents never sorted nor copied into a temporary table), as
     * the stage holds them: parsed already.
     */
    private long buildDocuments(JdbcTemplate own) {
        return own.update("INSERT INTO " + didCache + " (did, doc, \"updatedAt\") SELECT s.did, s.doc, ?"
                + " FROM " + STAGE + " s WHERE NOT s.tombstoned AND NOT EXISTS (SELECT 1 FROM " + STAGE + " t"
                + " WHERE t.did = s.did AND (t.plc_created_at > s.plc_created_at"
                + " OR (t.plc_created_at = s.plc_created_at AND t.seq < s.seq)))",
                Instant.now().toEpochMilli());
    }

    /**
     * Drops the table's indexes (and the constraints they back) and returns the statements that make them again
     * as they were; none when another table's foreign key needs them, since then they must stay.
     */
    private static List<String> dropIndexes(JdbcTemplate jdbc, String table) {
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
