package skybatch.writers.record;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import skybatch.readers.syntax.AtUri;
import skybatch.writers.support.SqlIdentifier;

/**
 * The records the dataplane holds for one repository, streamed in repository key order ({@code collection/rkey},
 * byte order, as the MST walks them) so that a backfill can merge them with a fresh walk and see what is new,
 * changed and gone without holding either side in memory. It reads on a connection of its own, in one snapshot,
 * outside the chunk transactions that write the repository meanwhile.
 */
public final class StoredRecords implements AutoCloseable {

    /** A stored record: its key in the repository and the CID it was indexed at. */
    public record Stored(String key, String cid) {}

    private static final int FETCH_SIZE = 5000;

    private final Connection connection;
    private final PreparedStatement query;
    private final ResultSet rows;
    private final String prefix;

    private StoredRecords(Connection connection, PreparedStatement query, ResultSet rows, String did) {
        this.connection = connection;
        this.query = query;
        this.rows = rows;
        this.prefix = AtUri.text(did, "");
    }

    public static StoredRecords open(DataSource dataSource, String dataplaneSchema, String did) throws SQLException {
        String dataplane = SqlIdentifier.requirePlain(dataplaneSchema, "dataplane schema");
        Connection connection = dataSource.getConnection();
        try {
            // a cursor: PgJDBC fetches FETCH_SIZE rows at a time only outside autocommit
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            PreparedStatement query = connection.prepareStatement("SELECT uri, cid FROM " + dataplane
                    + ".record WHERE did = ? ORDER BY uri COLLATE \"C\"");
            query.setFetchSize(FETCH_SIZE);
            query.setString(1, did);
            return new StoredRecords(connection, query, query.executeQuery(), did);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** The next stored record, or null after the last. */
    public Stored next() throws SQLException {
        while (rows.next()) {
            String uri = rows.getString(1);
            if (uri.startsWith(prefix)) {
                return new Stored(uri.substring(prefix.length()), rows.getString(2));
            }
        }
        return null;
    }

    @Override
    public void close() throws SQLException {
        try (connection; query; rows) {
            connection.rollback();
        }
    }
}
