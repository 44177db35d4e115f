package skybatch.jobs.dashboard.internal;

import java.sql.Timestamp;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import skybatch.jobs.dashboard.DashboardPage;
import skybatch.jobs.operations.JobReports;
import skybatch.schedules.control.ScheduleControl;

/**
 * The latest executions of every job (a page at a time, by execution id), what runs now with its last sampled
 * rate, the schedules, and per job a chart of throughput and duration over its last runs.
 */
@Component
public class OverviewPage implements DashboardPage {

    public static final int PAGE_SIZE = 50;
    private static final int CHARTED_RUNS = 30;

    private final JobReports reports;
    private final ScheduleControl schedules;
    private final JdbcTemplate jdbc;

    OverviewPage(JobReports reports, ScheduleControl schedules, DataSource dataSource) {
        this.reports = reports;
        this.schedules = schedules;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public String id() {
        return "overview";
    }

    @Override
    public String title() {
        return "Overview";
    }

    @Override
    public int order() {
        return 0;
    }

    @Override
    public Map<String, Object> model(Map<String, String> parameters) {
        Long before = Optional.ofNullable(parameters.get("before")).map(Long::valueOf).orElse(null);
        List<ExecutionSummary> executions = reports.executionsBefore(before, PAGE_SIZE).stream()
                .map(ExecutionSummary::of).toList();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("executions", executions);
        // the query of the next page, when there may be one
        model.put("older", executions.size() < PAGE_SIZE ? null
                : Map.of("before", executions.get(PAGE_SIZE - 1).execution().executionId()));
        model.put("running", running());
        model.put("rates", latestRates());
        model.put("schedules", schedules.list());
        model.put("jobCharts", jobCharts());
        return model;
    }

    private List<ExecutionSummary> running() {
        List<Long> ids = jdbc.queryForList("""
                SELECT job_execution_id FROM skybatch.batch_job_execution
                WHERE status IN ('STARTING', 'STARTED', 'STOPPING') ORDER BY job_execution_id DESC LIMIT 20""",
                Long.class);
        return reports.executions(ids).stream().map(ExecutionSummary::of).toList();
    }

    /** The items/s of the last sample of each running step, by step execution name and job execution. */
    private Map<String, Double> latestRates() {
        Map<String, Double> rates = new LinkedHashMap<>();
        jdbc.query("""
                SELECT DISTINCT ON (p.step_execution_id) p.job_execution_id, p.step_name, p.items_per_second
                FROM skybatch.step_progress p
                WHERE p.job_execution_id IN (SELECT job_execution_id FROM skybatch.batch_job_execution
                                             WHERE status IN ('STARTING', 'STARTED', 'STOPPING'))
                ORDER BY p.step_execution_id, p.sampled_at DESC""",
                rs -> {
                    rates.put(rs.getLong(1) + "/" + rs.getString(2), rs.getDouble(3));
                });
        return rates;
    }

    private List<Chart> jobCharts() {
        List<String> jobs = jdbc.queryForList(
                "SELECT job_name FROM skybatch.batch_job_instance GROUP BY job_name ORDER BY job_name", String.class);
        List<Chart> charts = new ArrayList<>();
        for (String job : jobs) {
            List<Double> x = new ArrayList<>();
            List<Double> rate = new ArrayList<>();
            List<Double> seconds = new ArrayList<>();
            jdbc.query("""
                    SELECT * FROM (
                        SELECT e.job_execution_id, e.start_time, extract(epoch FROM e.end_time - e.start_time) AS seconds,
                               -- as ExecutionSummary counts them
                               (SELECT coalesce(greatest(
                                           sum(s.read_count) FILTER (WHERE s.step_name LIKE '%:partition%'),
                                           sum(s.read_count) FILTER (WHERE s.step_name NOT LIKE '%:partition%')), 0)
                                FROM skybatch.batch_step_execution s WHERE s.job_execution_id = e.job_execution_id)
                                   AS items
                        FROM skybatch.batch_job_execution e
                        WHERE e.job_instance_id IN (SELECT job_instance_id FROM skybatch.batch_job_instance
                                                    WHERE job_name = ?)
                          AND e.end_time IS NOT NULL AND e.start_time IS NOT NULL
                        ORDER BY e.job_execution_id DESC LIMIT ?) last
                    ORDER BY job_execution_id""", rs -> {
                Timestamp start = rs.getTimestamp("start_time");
                double took = rs.getDouble("seconds");
                x.add((double) start.toLocalDateTime().atZone(ZoneId.systemDefault()).toEpochSecond());
                seconds.add(took);
                rate.add(took <= 0 ? rs.getDouble("items") : rs.getLong("items") / took);
            }, job, CHARTED_RUNS);
            charts.add(new Chart(job, x, List.of(new Chart.Series("items/s", "rate", rate),
                    new Chart.Series("duration (s)", "seconds", seconds))));
        }
        return charts;
    }
}
