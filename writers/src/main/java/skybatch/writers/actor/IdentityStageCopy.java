package skybatch.writers.actor;

import de.bytefish.pgbulkinsert.PgBulkInsert;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.jdbc.datasource.DataSourceUtils;
import skybatch.readers.plc.PlcOperation;

/**
 * What the merge's chunk writer does first: on the chunk transaction's connection, set the transaction up and COPY
 * the chunk's latest operation per DID into a stage; then the writer's own statements, on the same connection.
 * The first load's writer ({@link PlcLoadWriter}) keeps the same operations and commits the same way.
 */
final class IdentityStageCopy {

    /**
     * The chunk and the step's restart position commit in one transaction, so a crash that loses the last
     * commits (all that synchronous_commit = off risks) is the same as a crash just before them: the restart
     * redoes them. Not waiting for the WAL flush at each commit is therefore safe here.
     */
    static final String NO_COMMIT_WAIT = "SET LOCAL synchronous_commit = off";

    /** The statements that follow the COPY in the same transaction. */
    @FunctionalInterface
    interface AfterCopy {
        void run(Connection connection) throws SQLException;
    }

    private static final Comparator<PlcOperation> BY_DID = Comparator.comparing(op -> op.did().value());

    private final DataSource dataSource;
    private final PgBulkInsert<PlcOperation> stage;
    private final List<String> setup;

    /**
     * @param setup statements run before the COPY, after {@code synchronous_commit = off} (the stage's creation,
     *     settings of the transaction)
     */
    IdentityStageCopy(DataSource dataSource, IdentityStageMapping stage, List<String> setup) {
        this.dataSource = dataSource;
        this.stage = new PgBulkInsert<>(stage);
        this.setup = List.copyOf(setup);
    }

    /** Stages the chunk and runs {@code then}; does nothing when the chunk has no operation to stage. */
    void write(Chunk<? extends PlcOperation> chunk, AfterCopy then) throws SQLException {
        Collection<PlcOperation> latest = latestPerDid(chunk);
        if (latest.isEmpty()) {
            return;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute(NO_COMMIT_WAIT);
                for (String sql : setup) {
                    statement.execute(sql);
                }
            }
            stage.saveAll(connection.unwrap(PGConnection.class), latest.stream().sorted(BY_DID));
            then.run(connection);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /**
     * The chunk's latest non-nullified operation per DID, in the order the DIDs first appear. Of operations with
     * the same createdAt the first line wins, as a later chunk's operation does not replace a stored one of the
     * same createdAt.
     */
    static Collection<PlcOperation> latestPerDid(Chunk<? extends PlcOperation> chunk) {
        // sized for a chunk of as many DIDs as operations, so that it never grows
        Map<String, PlcOperation> latest = new LinkedHashMap<>(chunk.size() * 4 / 3 + 1);
        for (PlcOperation op : chunk) {
            if (!op.nullified()) {
                latest.merge(op.did().value(), op,
                        (kept, next) -> next.createdAt().isAfter(kept.createdAt()) ? next : kept);
            }
        }
        return latest.values();
    }
}
