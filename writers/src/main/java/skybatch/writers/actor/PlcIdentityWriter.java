package skybatch.writers.actor;

import de.bytefish.pgbulkinsert.PgBulkInsert;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import skybatch.readers.plc.PlcOperation;
import skybatch.readers.syntax.Datetime;
import skybatch.writers.support.SqlIdentifier;

/**
 * Merges a chunk of PLC operations into {@code skybatch.actor_identity} and the app-view's {@code actor} and
 * {@code did_cache}, inside the chunk's transaction: the chunk's latest operation per DID is COPied into a
 * temporary stage, then one statement merges the stage into the three tables.
 *
 * <p>A DID only moves forward: an operation replaces the stored state only when it is newer, so re-importing an
 * export, or an older one, changes nothing. Nullified operations are skipped. Every new DID gets an {@code actor}
 * row (tombstoned ones too, so the rows do not depend on where chunks end) with a NULL handle, because a claimed
 * handle is not a verified one; when a DID's claim changes, a verified
 * handle it no longer claims is cleared. A tombstoned DID leaves {@code did_cache}.
 */
public class PlcIdentityWriter implements ItemWriter<PlcOperation> {

    /**
     * A chunk's merge is planned afresh each time and runs for milliseconds: compiling it (JIT) costs more than it
     * saves. And the stage, a temporary table autovacuum never sees, is analysed after each COPY, so that the
     * planner knows its real size (it guessed four times too many rows from its pages, and sorted the documents
     * on disk); with room to sort them in memory. Only its row count and its DIDs' being distinct matter there
     * (without the latter the documents' join sorted both sides), which analysing those columns on the smallest
     * sample (300 rows) estimates closely: analysing them all on 30,000 (the documents' statistics) took a tenth of
     * the merge's backend CPU.
     */
    private static final String NO_JIT = "SET LOCAL jit = off";
    private static final String SORT_MEMORY = "SET LOCAL work_mem = '64MB'";
    private static final String SMALL_SAMPLE = "SET LOCAL default_statistics_target = 1";
    private static final String ANALYZE_STAGE = "ANALYZE " + IdentityStageMapping.TABLE + " (did, tombstoned)";

    private static final List<String> SETUP = List.of(IdentityStageMapping.CREATE, NO_JIT, SORT_MEMORY, SMALL_SAMPLE);
    private static final Comparator<PlcOperation> BY_DID = Comparator.comparing(op -> op.did().value());

    private final DataSource dataSource;
    private final PgBulkInsert<PlcOperation> stage = new PgBulkInsert<>(new IdentityStageMapping());
    private final String mergeSql;

    public PlcIdentityWriter(DataSource dataSource, String dataplaneSchema) {
        this.dataSource = dataSource;
        this.mergeSql = mergeSql(SqlIdentifier.requirePlain(dataplaneSchema, "dataplane schema"));
    }

    /**
     * The deletion of tombstoned DIDs' documents and the handle clearing look the changed DIDs up as an array, so
     * by index whatever the planner guesses of {@code changed} (a hash join read the whole of did_cache once a
     * chunk had 37,000 DIDs, half of them guessed tombstoned).
     */
    private static String mergeSql(String dataplane) {
        String stage = IdentityStageMapping.TABLE;
        return """
                WITH changed AS (
                    INSERT INTO skybatch.actor_identity AS t (did, claimed_handle, pds_endpoint, signing_key,
                                                             tombstoned, plc_cid, plc_created_at, updated_at)
                    SELECT did, claimed_handle, pds_endpoint, signing_key, tombstoned, plc_cid, plc_created_at, now()
                    FROM %1$s
                    ON CONFLICT (did) DO UPDATE
                        SET claimed_handle = excluded.claimed_handle, pds_endpoint = excluded.pds_endpoint,
                            signing_key = excluded.signing_key, tombstoned = excluded.tombstoned,
                            plc_cid = excluded.plc_cid, plc_created_at = excluded.plc_created_at,
                            updated_at = excluded.updated_at
                        WHERE t.plc_created_at < excluded.plc_created_at
                    RETURNING t.did COLLATE "default" AS did, t.tombstoned,
                              t.claimed_handle COLLATE "default" AS claimed_handle
                ), new_actors AS (
                    INSERT INTO %2$s.actor (did, "indexedAt")
                    SELECT did, ? FROM changed
                    ON CONFLICT (did) DO NOTHING
                ), documents AS (
                    INSERT INTO %2$s.did_cache (did, doc, "updatedAt")
                    SELECT s.did, s.doc::jsonb, ? FROM %1$s s JOIN changed c ON c.did = s.did WHERE NOT s.tombstoned
                    ON CONFLICT (did) DO UPDATE SET doc = excluded.doc, "updatedAt" = excluded."updatedAt"
                ), tombstones AS (
                    DELETE FROM %2$s.did_cache d WHERE d.did = ANY (ARRAY(SELECT did FROM changed WHERE tombstoned))
                )
                UPDATE %2$s.actor a SET handle = NULL
                FROM changed c
                WHERE a.did = ANY (ARRAY(SELECT did FROM changed)) AND a.did = c.did
                  AND a.handle IS NOT NULL AND a.handle IS DISTINCT FROM c.claimed_handle
                """.formatted(stage, dataplane);
    }

    @Override
    public void write(Chunk<? extends PlcOperation> chunk) throws SQLException {
        LatestOperations.write(dataSource, chunk, this::merge);
    }

    /**
     * In DID order, each upsert walks the tables' DID indexes in order: a chunk's DIDs fall on most of their leaf
     * pages, more than shared buffers keep, and out of order each page was read again for every few DIDs.
     */
    private void merge(Connection connection, Collection<PlcOperation> latest) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : SETUP) {
                statement.execute(sql);
            }
        }
        stage.saveAll(connection.unwrap(PGConnection.class), latest.stream().sorted(BY_DID));
        try (Statement analyze = connection.createStatement()) {
            analyze.execute(ANALYZE_STAGE);
        }
        Instant now = Instant.now();
        try (PreparedStatement merge = connection.prepareStatement(mergeSql)) {
            merge.setString(1, Datetime.of(now).toString());
            merge.setLong(2, now.toEpochMilli());
            merge.executeUpdate();
        }
    }
}
