package skybatch.writers.firehose;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One tail per journal: a PostgreSQL advisory lock on the journal's name, held on a connection of its own for as
 * long as the tail runs, in whichever process. A process that dies loses its connection, and the lock with it.
 */
public final class TailLock implements AutoCloseable {

    private static final String KEY = "hashtext('skybatch firehose tail ' || ?)";

    private final Connection connection;
    private final String journal;

    private TailLock(Connection connection, String journal) {
        this.connection = connection;
        this.journal = journal;
    }

    /** @throws IllegalStateException when another tail holds the journal */
    public static TailLock acquire(DataSource dataSource, String journal) throws SQLException {
        Connection connection = dataSource.getConnection();
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(" + KEY + ")")) {
            lock.setString(1, journal);
            try (ResultSet result = lock.executeQuery()) {
                result.next();
                if (!result.getBoolean(1)) {
                    throw new IllegalStateException("another tail is applying the journal " + journal
                            + " (firehose status shows how far it is); stop it first");
                }
            }
            return new TailLock(connection, journal);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public void close() throws SQLException {
        // a pooled connection outlives close(): the lock is given back explicitly
        try (connection; PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(" + KEY
                + ")")) {
            unlock.setString(1, journal);
            unlock.execute();
        }
    }
}
