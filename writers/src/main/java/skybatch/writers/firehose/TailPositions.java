package skybatch.writers.firehose;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code skybatch.firehose_position}: how far the tail of each journal (named by its directory) has applied. */
public class TailPositions {

    private final JdbcTemplate jdbc;

    public TailPositions(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public Optional<TailPosition> find(String journal) {
        List<TailPosition> found = jdbc.query("SELECT entry_index, seq, received_at FROM skybatch.firehose_position"
                + " WHERE journal = ?", (rs, i) -> new TailPosition(rs.getLong(1), rs.getLong(2),
                rs.getTimestamp(3).toInstant()), journal);
        return found.stream().findFirst();
    }

    /** Saves the position in the caller's transaction, with what its entries changed. */
    public void save(String journal, TailPosition position) {
        jdbc.update("INSERT INTO skybatch.firehose_position (journal, entry_index, seq, received_at) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (journal) DO UPDATE SET entry_index = excluded.entry_index, seq = excluded.seq,"
                + " received_at = excluded.received_at, applied_at = now()", journal, position.entryIndex(),
                position.seq(), Timestamp.from(position.receivedAt()));
    }
}
