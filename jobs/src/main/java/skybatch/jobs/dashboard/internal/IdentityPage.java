package skybatch.jobs.dashboard.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import skybatch.jobs.dashboard.DashboardPage;

/**
 * Handle verification ({@code skybatch.handle_verification}): handles by status, failures by reason (the error up
 * to its first colon), and the backlog: DIDs never checked, and checks due now.
 */
@Component
public class IdentityPage implements DashboardPage {

    private final JdbcTemplate jdbc;

    IdentityPage(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public String id() {
        return "identity";
    }

    @Override
    public String title() {
        return "Identity";
    }

    @Override
    public int order() {
        return 30;
    }

    @Override
    public Map<String, Object> model(Map<String, String> parameters) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("statuses", jdbc.query("""
                SELECT status, count(*) FROM skybatch.handle_verification GROUP BY status
                ORDER BY count(*) DESC, status""", (rs, row) -> new StatusCount(rs.getString(1), rs.getLong(2))));
        model.put("failures", jdbc.query("""
                SELECT left(split_part(last_error, ':', 1), 120) AS reason, count(*)
                FROM skybatch.handle_verification WHERE status IN ('invalid', 'pending') AND last_error IS NOT NULL
                GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 50""",
                (rs, row) -> new StatusCount(rs.getString(1), rs.getLong(2))));
        model.put("neverChecked", jdbc.queryForObject("""
                SELECT count(*) FROM skybatch.actor_identity a WHERE NOT a.tombstoned
                AND NOT EXISTS (SELECT 1 FROM skybatch.handle_verification v WHERE v.did = a.did COLLATE "default")""", Long.class));
        model.put("dueNow", jdbc.queryForObject(
                "SELECT count(*) FROM skybatch.handle_verification WHERE next_check_at <= now()", Long.class));
        return model;
    }
}
