package skybatch.writers.actor;

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
import skybatch.writers.support.ShadowTable;

/**
 * The PLC import's first load: while the identity tables are empty, chunks only append to shadow tables beside
 * them ({@link PlcLoadWriter}); this keeps each DID's winning rows in the shadows, builds their indexes, and swaps
 * them in for {@code skybatch.actor_identity} and the app-view's {@code actor} and {@code did_cache} (see
 * {@link ShadowTable}). The rows are those the merge ({@link PlcIdentityWriter}) leaves after an uninterrupted run:
 * each DID's latest operation by createdAt, the first line of a tie; an actor row for every DID (handle NULL: a
 * claim is not a verification); a document for every DID not tombstoned. Each row is written once, by its chunk's
 * COPY: the build finds the DIDs whose rows came from more than one chunk and the winning chunk of each, deletes
 * the rows other chunks' operations beat (a few percent), and sorts once per index.
 *
 * <p>It works in parts, each in its own transaction on its own connection: the winners first, then one part per
 * shadow at once (pruned and indexed), so that every core works. Each part notes in {@code skybatch.plc_load_built}
 * that it is done, in its transaction: a crash anywhere leaves a part either done and noted or as it was, and doing
 * it again does only the parts not noted, with the same rows. Then, in the caller's transaction, the shadows are
 * swapped in together, so that the app-view sees the tables empty or whole.
 */
public class PlcLoadBuild {

    private static final String BUILT = "skybatch.plc_load_built";

    /**
     * What of a shadow's rows of a DID with a winner is beaten: of actor_identity and did_cache, every row but the
     * winning chunk's (a tombstone wrote no document: all its DID's go); of actor, every row but the first.
     */
    private static final String IDENTITIES_BEATEN = "t.did = w.did AND t.updated_at <> w.kept";
    private static final String ACTORS_BEATEN = "t.did COLLATE \"C\" = w.did"
            + " AND t.\"indexedAt\"::timestamptz <> w.first";
    private static final String DOCUMENTS_BEATEN = "t.did COLLATE \"C\" = w.did"
            + " AND t.\"updatedAt\" <> (extract(epoch FROM w.kept) * 1000)::bigint";

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final PlcLoadTables tables;

    public PlcLoadBuild(DataSource dataSource, String dataplaneSchema) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.ownTransaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.tables = new PlcLoadTables(dataplaneSchema);
    }

    /** Whether all three identity tables are empty: then an import can load instead of merging. */
    public boolean targetsEmpty() {
        return allEmpty(tables.targets());
    }

    private boolean allEmpty(List<String> tables) {
        String anyRow = String.join(" UNION ALL ", tables.stream()
                .map(table -> "(SELECT 1 FROM " + table + " LIMIT 1)").toList());
        return !Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (" + anyRow + ")", Boolean.class));
    }

    /** Why a load could not swap its tables in at the end (see {@link ShadowTable}); null when it can. */
    public String whyNotLoadable() {
        return tables.whyNotSwappable(jdbc);
    }

    /** Whether a load has begun and not ended: its shadow tables exist. */
    public boolean inProgress() {
        return tables.identities.exists(jdbc);
    }

    /** Starts a load, in the caller's transaction: the shadows made afresh, what an abandoned load left dropped. */
    public void begin() {
        tables.create(jdbc);
        jdbc.execute("TRUNCATE " + BUILT);
    }

    /**
     * Prunes and indexes the shadows and swaps them in; does nothing when they are swapped in already (the load
     * ended).
     *
     * @return the DIDs built ({@code actor_identity}'s rows, when its part is done now)
     * @throws IllegalStateException when an identity table is no longer empty
     */
    public long build() {
        if (!inProgress()) {
            return 0;
        }
        part("winners", this::findWinners);
        ExecutorService parts = Executors.newFixedThreadPool(3, task -> new Thread(task, "plc-load-build"));
        long dids;
        try {
            Future<Long> identities = parts.submit(() -> part("actor_identity", own -> {
                pruneAndIndex(own, tables.identities, IDENTITIES_BEATEN);
                return own.queryForObject("SELECT count(*) FROM " + tables.identities.name(), Long.class);
            }));
            dids = awaitAll(List.of(identities,
                    parts.submit(() -> part("actor", own -> pruneAndIndex(own, tables.actors, ACTORS_BEATEN))),
                    parts.submit(() -> part("did_cache",
                            own -> pruneAndIndex(own, tables.documents, DOCUMENTS_BEATEN))))).get(0);
        } finally {
            parts.shutdownNow();
        }
        swapIn();
        return dids;
    }

    /**
     * Waits for every part (each rolls back or commits on its own) and returns their results, or throws the first
     * failure, the others suppressed in it.
     */
    private static List<Long> awaitAll(List<Future<Long>> parts) {
        List<Long> results = new ArrayList<>();
        RuntimeException failure = null;
        for (Future<Long> part : parts) {
            try {
                results.add(part.get());
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException(e.getCause().getMessage(), e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while building the identity tables", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    /** One part in its own transaction: nothing when it is noted done, else done and noted. */
    private long part(String name, ToLongFunction<JdbcTemplate> work) {
        Long done = ownTransaction.execute(status -> {
            JdbcTemplate own = new JdbcTemplate(dataSource);
            if (Boolean.TRUE.equals(own.queryForObject("SELECT EXISTS (SELECT 1 FROM " + BUILT + " WHERE part = ?)",
                    Boolean.class, name))) {
                return 0L;
            }
            // long statements: the hash tables and index sorts get memory, the JIT is not worth compiling for them
            own.execute("SET LOCAL synchronous_commit = off");
            own.execute("SET LOCAL jit = off");
            own.execute("SET LOCAL work_mem = '256MB'");
            own.execute("SET LOCAL maintenance_work_mem = '512MB'");
            long result = work.applyAsLong(own);
            own.update("INSERT INTO " + BUILT + " (part) VALUES (?)", name);
            return result;
        });
        return done == null ? 0 : done;
    }

    /**
     * The winning chunk of each DID with rows from more than one chunk (a few percent of the DIDs): its latest
     * operation's, of a tie the earlier chunk's (the smaller stamp), as the merge keeps it; with the DID's first
     * stamp, its actor row's. From the shadow of actor_identity before anything is pruned, and analysed, so that the
     * parts join it as the small side.
     */
    private long findWinners(JdbcTemplate own) {
        String identities = tables.identities.name();
        long winners = own.update("INSERT INTO " + PlcLoadTables.WINNERS + " (did, kept, first)"
                + " SELECT DISTINCT ON (did) did, updated_at, min(updated_at) OVER (PARTITION BY did)"
                + " FROM " + identities
                + " WHERE did IN (SELECT did FROM " + identities + " GROUP BY did HAVING count(*) > 1)"
                + " ORDER BY did, plc_created_at DESC, updated_at");
        own.execute("ANALYZE " + PlcLoadTables.WINNERS);
        return winners;
    }

    /** Deletes the shadow's beaten rows and builds its indexes; returns the rows deleted. */
    private static long pruneAndIndex(JdbcTemplate own, ShadowTable shadow, String beaten) {
        int deleted = own.update("DELETE FROM " + shadow.name() + " t USING " + PlcLoadTables.WINNERS + " w WHERE "
                + beaten);
        shadow.buildIndexes(own);
        return deleted;
    }

    /**
     * The three shadows in the identity tables' places, in the caller's transaction, which holds the tables' locks
     * from the check that they are still empty to its commit.
     */
    private void swapIn() {
        jdbc.execute("LOCK TABLE " + String.join(", ", tables.targets()) + " IN ACCESS EXCLUSIVE MODE");
        if (!allEmpty(tables.targets())) {
            throw new IllegalStateException("the identity tables were written while the first load ran: import the"
                    + " file again to merge it (the loaded rows stay in " + tables.identities.name() + ", "
                    + tables.actors.name() + " and " + tables.documents.name() + " until the next first load)");
        }
        tables.all().forEach(shadow -> shadow.swapIn(jdbc));
        tables.dropBookkeeping(jdbc);
        jdbc.execute("TRUNCATE " + BUILT);
    }
}
