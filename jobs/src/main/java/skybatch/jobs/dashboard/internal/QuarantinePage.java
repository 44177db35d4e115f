package skybatch.jobs.dashboard.internal;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import skybatch.jobs.dashboard.DashboardPage;

/**
 * Quarantined input: counts by job, source and reason (its text up to the first colon) over the last 30 days, a
 * chart of entries per day by job, and the newest entries with their position and raw input, filterable.
 */
@Component
public class QuarantinePage implements DashboardPage {

    public static final int PAGE_SIZE = 50;
    private static final int DAYS = 30;

    private final QuarantineEntries entries;
    private final JdbcTemplate jdbc;

    QuarantinePage(QuarantineEntries entries, DataSource dataSource) {
        this.entries = entries;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public record Count(String job, String source, String reason, long entries) {}

    @Override
    public String id() {
        return "quarantine";
    }

    @Override
    public String title() {
        return "Quarantine";
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public Map<String, Object> model(Map<String, String> parameters) {
        QuarantineEntries.Filter filter = new QuarantineEntries.Filter(null, blankToNull(parameters.get("job")),
                blankToNull(parameters.get("source")), blankToNull(parameters.get("reason")));
        Long before = Optional.ofNullable(parameters.get("before")).map(Long::valueOf).orElse(null);
        List<QuarantineEntries.Entry> newest = entries.newest(filter, before, PAGE_SIZE);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("filter", filter);
        model.put("entries", newest);
        // the query of the next page, when there may be one
        Map<String, Object> older = new LinkedHashMap<>();
        older.put("before", newest.isEmpty() ? null : newest.get(newest.size() - 1).id());
        older.put("job", filter.job());
        older.put("source", filter.source());
        older.put("reason", filter.reason());
        model.put("older", newest.size() < PAGE_SIZE ? null : older);
        model.put("counts", counts());
        model.put("perDay", perDay());
        return model;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private List<Count> counts() {
        return jdbc.query("""
                SELECT coalesce(i.job_name, '(none)') AS job, q.source, q.reason, sum(q.entries) AS entries
                FROM (SELECT job_execution_id, source, left(split_part(reason, ':', 1), 120) AS reason,
                             count(*) AS entries
                      FROM skybatch.quarantine WHERE quarantined_at > now() - make_interval(days => ?)
                      GROUP BY 1, 2, 3) q""" + QuarantineEntries.WITH_JOB + """
                GROUP BY 1, 2, 3 ORDER BY entries DESC, job, source, reason LIMIT 100""",
                (rs, row) -> new Count(rs.getString("job"), rs.getString("source"), rs.getString("reason"),
                        rs.getLong("entries")), DAYS);
    }

    /** Entries per day (UTC) and job over the last 30 days, each day of them, 0 where there were none. */
    private Chart perDay() {
        Map<String, Map<LocalDate, Double>> byJob = new LinkedHashMap<>();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<LocalDate> days = today.minusDays(DAYS).datesUntil(today.plusDays(1)).toList();
        jdbc.query("""
                SELECT coalesce(i.job_name, '(none)') AS job, q.day, sum(q.entries) AS entries
                FROM (SELECT job_execution_id, (quarantined_at AT TIME ZONE 'UTC')::date AS day, count(*) AS entries
                      FROM skybatch.quarantine WHERE quarantined_at > now() - make_interval(days => ?)
                      GROUP BY 1, 2) q""" + QuarantineEntries.WITH_JOB + """
                GROUP BY 1, 2 ORDER BY 2, 1""", rs -> {
            byJob.computeIfAbsent(rs.getString("job"), k -> new LinkedHashMap<>())
                    .put(rs.getObject("day", LocalDate.class), rs.getDouble("entries"));
        }, DAYS);
        List<Double> x = byJob.isEmpty() ? List.of()
                : days.stream().map(day -> (double) day.atStartOfDay().toEpochSecond(ZoneOffset.UTC)).toList();
        List<Chart.Series> series = new ArrayList<>();
        byJob.forEach((job, counts) -> series.add(new Chart.Series(job, "entries",
                days.stream().map(day -> counts.getOrDefault(day, 0.0)).toList())));
        return new Chart("quarantined per day", x, series);
    }
}
