package skybatch.writers.actor;

import de.bytefish.pgbulkinsert.PgBulkInsert;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import skybatch.readers.plc.PlcOperation;
import skybatch.readers.syntax.Datetime;

/**
 * The first load's chunk writer: appends the chunk's latest operation per DID to the three shadow tables by binary
 * COPY (the identity, the actor, and the document when it is not a tombstone), every row with the chunk's stamp,
 * inside the chunk's transaction (so with its position), and does nothing else; {@link PlcLoadBuild} keeps each
 * DID's winning rows and swaps the tables in once every chunk is in.
 */
public class PlcLoadWriter implements ItemWriter<PlcOperation> {

    private static final String NEXT_STAMP = "SELECT nextval('" + PlcLoadTables.STAMPS + "')";

    private final DataSource dataSource;
    private final PgBulkInsert<StampedOperation> identities = new PgBulkInsert<>(PlcLoadMapping.identities());
    private final PgBulkInsert<StampedOperation> actors = new PgBulkInsert<>(PlcLoadMapping.actors());
    private final PgBulkInsert<StampedOperation> documents = new PgBulkInsert<>(PlcLoadMapping.documents());

    public PlcLoadWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void write(Chunk<? extends PlcOperation> chunk) throws SQLException {
        LatestOperations.write(dataSource, chunk, this::load);
    }

    private void load(Connection connection, Collection<PlcOperation> latest) throws SQLException {
        Instant stamp;
        try (Statement statement = connection.createStatement();
                ResultSet next = statement.executeQuery(NEXT_STAMP)) {
            next.next();
            stamp = Instant.ofEpochMilli(next.getLong(1));
        }
        String indexedAt = Datetime.of(stamp).toString();
        List<StampedOperation> rows = latest.stream().map(op -> new StampedOperation(op, stamp, indexedAt)).toList();
        PGConnection copying = connection.unwrap(PGConnection.class);
        identities.saveAll(copying, rows.stream());
        actors.saveAll(copying, rows.stream());
        documents.saveAll(copying, rows.stream().filter(row -> !row.operation().tombstoned()));
    }
}
