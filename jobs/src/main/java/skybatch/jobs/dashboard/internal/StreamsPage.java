package skybatch.jobs.dashboard.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import skybatch.jobs.dashboard.DashboardPage;

/**
 * Live streams: how far the firehose tail has applied each journal ({@code skybatch.firehose_position}: the relay's
 * seq, when its entry was received and applied, and the lag between), and the repositories the stream knows by
 * state ({@code skybatch.firehose_repo}). The table keeps only the latest position, so lag is shown as it is now,
 * not over time.
 */
@Component
public class StreamsPage implements DashboardPage {

    private final JdbcTemplate jdbc;

    StreamsPage(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** @param behind how long ago the last applied entry was received */
    public record Position(String journal, long seq, long entryIndex, Instant received, Instant applied,
            String behind) {}

    @Override
    public String id() {
        return "streams";
    }

    @Override
    public String title() {
        return "Live streams";
    }

    @Override
    public int order() {
        return 25;
    }

    @Override
    public Map<String, Object> model(Map<String, String> parameters) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("positions", jdbc.query("""
                SELECT journal, seq, entry_index, received_at, applied_at FROM skybatch.firehose_position
                ORDER BY journal""", (rs, row) -> {
            Instant received = rs.getTimestamp("received_at").toInstant();
            Timestamp applied = rs.getTimestamp("applied_at");
            return new Position(rs.getString("journal"), rs.getLong("seq"), rs.getLong("entry_index"), received,
                    applied.toInstant(), ExecutionSummary.duration(Duration.between(received, Instant.now())));
        }));
        model.put("repositories", jdbc.query("""
                SELECT CASE WHEN desynchronized THEN 'desynchronized' WHEN backfill_due THEN 'backfill due'
                            ELSE 'in sync' END AS state, count(*)
                FROM skybatch.firehose_repo GROUP BY 1 ORDER BY 2 DESC, 1""",
                (rs, row) -> new StatusCount(rs.getString(1), rs.getLong(2))));
        return model;
    }
}
