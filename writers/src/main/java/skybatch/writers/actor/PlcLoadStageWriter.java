package skybatch.writers.actor;

import de.bytefish.pgbulkinsert.PgBulkInsert;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.datasource.DataSourceUtils;
import skybatch.readers.plc.PlcOperation;

/**
 * The first load's chunk writer: appends the chunk's latest operation per DID to {@code skybatch.plc_load_stage}
 * by binary COPY, inside the chunk's transaction (so with its position), and does nothing else; {@link PlcLoadBuild}
 * makes the identity tables from the stage once every chunk is in.
 */
public class PlcLoadStageWriter implements ItemWriter<PlcOperation> {

    private static final PgBulkInsert<IdentityStageRow> STAGE =
            new PgBulkInsert<>(new IdentityStageMapping("skybatch", "plc_load_stage"));

    private final DataSource dataSource;

    public PlcLoadStageWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void write(Chunk<? extends PlcOperation> chunk) throws SQLException {
        Collection<IdentityStageRow> latest = IdentityStageRow.latestPerDid(chunk);
        if (latest.isEmpty()) {
            return;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            try (Statement setup = connection.createStatement()) {
                // as in PlcIdentityWriter: a lost commit loses its position with it, and the restart redoes it
                setup.execute("SET LOCAL synchronous_commit = off");
            }
            STAGE.saveAll(connection.unwrap(PGConnection.class), latest.stream());
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
