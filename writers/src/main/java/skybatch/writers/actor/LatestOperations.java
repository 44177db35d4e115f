package skybatch.writers.actor;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.jdbc.datasource.DataSourceUtils;
import skybatch.readers.plc.PlcOperation;

/**
 * What both PLC chunk writers share: they write the chunk's latest operation per DID, on the chunk transaction's
 * connection, whose commit does not wait for the WAL flush.
 */
final class LatestOperations {

    /**
     * The chunk and the step's restart position commit in one transaction, so a crash that loses the last
     * commits (all that synchronous_commit = off risks) is the same as a crash just before them: the restart
     * redoes them. Not waiting for the WAL flush at each commit is therefore safe here.
     */
    private static final String NO_COMMIT_WAIT = "SET LOCAL synchronous_commit = off";

    /** A writer's statements for the chunk's latest operations, on the chunk transaction's connection. */
    @FunctionalInterface
    interface Write {
        void run(Connection connection, Collection<PlcOperation> latest) throws SQLException;
    }

    private LatestOperations() {}

    /** Runs {@code write} on the chunk's latest operations; does nothing when the chunk has none to write. */
    static void write(DataSource dataSource, Chunk<? extends PlcOperation> chunk, Write write) throws SQLException {
        Collection<PlcOperation> latest = latestPerDid(chunk);
        if (latest.isEmpty()) {
            return;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute(NO_COMMIT_WAIT);
            }
            write.run(connection, latest);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /**
     * The chunk's latest non-nullified operation per DID, in the order the DIDs first appear. Of operations with
     * the same createdAt the first line wins, as a later chunk's operation does not replace a stored one of the
     * same createdAt.
     */
    private static Collection<PlcOperation> latestPerDid(Chunk<? extends PlcOperation> chunk) {
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
