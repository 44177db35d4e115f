package skybatch.writers.verification;

import de.bytefish.pgbulkinsert.PgBulkInsert;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.datasource.DataSourceUtils;
import skybatch.writers.support.SqlIdentifier;

/**
 * Stores a chunk of handle checks, in the chunk's transaction: COPY into a temporary stage, then set-based
 * statements, in this order because {@code actor.handle} is UNIQUE and PostgreSQL checks it row by row:
 * <ol>
 *   <li>record every check in {@code skybatch.handle_verification};</li>
 *   <li>clear the handle of DIDs found invalid or tombstoned, and of any other DID still holding a handle that
 *       has just been verified for a new holder (the handle moved);</li>
 *   <li>set each verified handle on its DID.</li>
 * </ol>
 * A transient failure changes no handle.
 */
public class HandleVerificationWriter implements ItemWriter<HandleCheck> {

    private static final PgBulkInsert<HandleCheck> STAGE = new PgBulkInsert<>(new HandleCheckStageMapping());

    private final DataSource dataSource;
    private final List<String> statements;

    public HandleVerificationWriter(DataSource dataSource, String dataplaneSchema) {
        this.dataSource = dataSource;
        String actor = SqlIdentifier.requirePlain(dataplaneSchema, "dataplane schema") + ".actor";
        String stage = HandleCheckStageMapping.TABLE;
        this.statements = List.of(
                """
                INSERT INTO skybatch.handle_verification AS v (did, handle, status, plc_cid, last_checked_at,
                                                               next_check_at, failure_count, last_error)
                SELECT did, handle, status, plc_cid, checked_at, next_check_at, failure_count, error FROM %s
                ON CONFLICT (did) DO UPDATE SET handle = excluded.handle, status = excluded.status,
                    plc_cid = excluded.plc_cid, last_checked_at = excluded.last_checked_at,
                    next_check_at = excluded.next_check_at, failure_count = excluded.failure_count,
                    last_error = excluded.last_error
                """.formatted(stage),
                """
                UPDATE %1$s a SET handle = NULL
                FROM %2$s s
                WHERE a.handle IS NOT NULL AND s.failure_count = 0
                  AND ((a.did = s.did AND s.status <> 'valid') OR (a.handle = s.handle AND a.did <> s.did AND s.status = 'valid'))
                """.formatted(actor, stage),
                """
                UPDATE %1$s a SET handle = s.handle
                FROM %2$s s
                WHERE a.did = s.did AND s.status = 'valid' AND a.handle IS DISTINCT FROM s.handle
                """.formatted(actor, stage));
    }

    @Override
    public void write(Chunk<? extends HandleCheck> chunk) throws SQLException {
        Map<String, HandleCheck> byDid = new LinkedHashMap<>();
        for (HandleCheck check : chunk) {
            byDid.put(check.did(), check);
        }
        if (byDid.isEmpty()) {
            return;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            try (Statement create = connection.createStatement()) {
                create.execute(HandleCheckStageMapping.CREATE);
            }
            STAGE.saveAll(connection.unwrap(PGConnection.class), byDid.values().stream());
            try (Statement merge = connection.createStatement()) {
                for (String sql : statements) {
                    merge.executeUpdate(sql);
                }
            }
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
