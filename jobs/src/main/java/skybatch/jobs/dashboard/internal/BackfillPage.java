package skybatch.jobs.dashboard.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import skybatch.jobs.dashboard.DashboardPage;

/** The backfill queue ({@code skybatch.backfill_repo}): repositories by status, and the latest failures. */
@Component
public class BackfillPage implements DashboardPage {

    private static final int FAILURES_SHOWN = 50;

    private final JdbcTemplate jdbc;

    BackfillPage(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public record Failure(String did, String pds, int attempts, String error, Instant at) {}

    @Override
    public String id() {
        return "backfill";
    }

    @Override
    public String title() {
        return "Backfill queue";
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public Map<String, Object> model(Map<String, String> parameters) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("statuses", jdbc.query(
                "SELECT status, count(*) FROM skybatch.backfill_repo GROUP BY status ORDER BY count(*) DESC, status",
                (rs, row) -> new StatusCount(rs.getString(1), rs.getLong(2))));
        List<Failure> failures = jdbc.query("""
                SELECT did, pds, attempts, last_error, updated_at FROM skybatch.backfill_repo
                WHERE status = 'failed' ORDER BY updated_at DESC LIMIT ?""", (rs, row) -> {
            Timestamp at = rs.getTimestamp("updated_at");
            return new Failure(rs.getString("did"), rs.getString("pds"), rs.getInt("attempts"),
                    rs.getString("last_error"), at.toInstant());
        }, FAILURES_SHOWN);
        model.put("failures", failures);
        return model;
    }
}
