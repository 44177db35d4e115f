package skybatch.writers.firehose;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * {@code skybatch.firehose_parked}: live events of repositories being backfilled, by their place in the journal, until
 * the backfill has written the repository and the tail applies those newer than the rev it wrote.
 */
public class ParkedEvents {

    /** A parked event: its repository and where it is in the journal. */
    public record Parked(String did, long entryIndex, long seq) {}

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;

    public ParkedEvents(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public void park(String journal, Collection<Parked> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO skybatch.firehose_parked"
                + " (did, journal, entry_index, seq) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (Parked event : events) {
                insert.setString(1, event.did());
                insert.setString(2, journal);
                insert.setLong(3, event.entryIndex());
                insert.setLong(4, event.seq());
                insert.addBatch();
            }
            insert.executeBatch();
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /**
     * The parked events, in journal order, of repositories whose backfill is no longer pending, taken off the
     * list in the caller's transaction (a rollback puts them back).
     */
    public List<Parked> takeReleased(String journal, int limit) {
        return jdbc.query("""
                DELETE FROM skybatch.firehose_parked p WHERE (p.did, p.entry_index) IN (
                    SELECT q.did, q.entry_index FROM skybatch.firehose_parked q
                    WHERE q.journal = ? AND NOT EXISTS (SELECT 1 FROM skybatch.backfill_repo b
                        WHERE b.did = q.did AND b.status = 'pending')
                    ORDER BY q.entry_index LIMIT ?)
                RETURNING p.did, p.entry_index, p.seq
                """, (rs, i) -> new Parked(rs.getString(1), rs.getLong(2), rs.getLong(3)), journal, limit)
                .stream().sorted(Comparator.comparingLong(Parked::entryIndex)).toList();
    }

    public long count() {
        return jdbc.queryForObject("SELECT count(*) FROM skybatch.firehose_parked", Long.class);
    }
}
