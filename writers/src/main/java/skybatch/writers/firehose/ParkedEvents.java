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
import skybatch.writers.support.SqlIdentifier;

/**
 * {@code skybatch.firehose_parked}: live events of repositories being backfilled or desynchronized, by their place in
 * the journal, until a backfill has written the repository and the tail applies those newer than the rev it wrote.
 */
public class ParkedEvents {

    /** A parked event: its repository and where it is in the journal. */
    public record Parked(String did, long entryIndex, long seq) {}

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final String release;

    public ParkedEvents(DataSource dataSource, String dataplaneSchema) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.release = """
                DELETE FROM skybatch.firehose_parked p
                WHERE p.journal = ?
                  AND NOT EXISTS (SELECT 1 FROM skybatch.backfill_repo b WHERE b.did = p.did AND b.status = 'pending')
                  AND NOT EXISTS (SELECT 1 FROM skybatch.firehose_repo f LEFT JOIN %s.actor_sync s ON s.did = f.did
                                  WHERE f.did = p.did AND f.desynchronized AND f.rev >= coalesce(s."repoRev", ''))
                RETURNING p.did, p.entry_index, p.seq
                """.formatted(SqlIdentifier.requirePlain(dataplaneSchema, "dataplane schema"));
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
     * The parked events, in journal order, of repositories no longer waiting: no backfill pending, and not
     * desynchronized (a backfill wrote a newer rev since). They are taken off the list in the caller's transaction
     * (a rollback puts them back).
     */
    public List<Parked> takeReleased(String journal) {
        return jdbc.query(release, (rs, i) -> new Parked(rs.getString(1), rs.getLong(2), rs.getLong(3)), journal)
                .stream().sorted(Comparator.comparingLong(Parked::entryIndex)).toList();
    }

    public long count() {
        return jdbc.queryForObject("SELECT count(*) FROM skybatch.firehose_parked", Long.class);
    }
}
