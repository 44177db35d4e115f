package skybatch.jobs.dashboard.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import skybatch.jobs.operations.FailureReason;
import skybatch.jobs.operations.JobReports;
import skybatch.jobs.operations.JobReports.ExecutionReport;

/**
 * One execution: parameters, steps with their counts, a chart of each step's items/s over the run (from the
 * samples in {@code skybatch.step_progress}), why it failed, how to restart it, and what it quarantined.
 */
@Component
public class ExecutionPage {

    public static final String TEMPLATE = "execution";
    private static final int QUARANTINE_SHOWN = 20;

    private final JobReports reports;
    private final JobRepository jobRepository;
    private final QuarantineEntries quarantine;
    private final JdbcTemplate jdbc;

    ExecutionPage(JobReports reports, JobRepository jobRepository, QuarantineEntries quarantine,
            DataSource dataSource) {
        this.reports = reports;
        this.jobRepository = jobRepository;
        this.quarantine = quarantine;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public static String anchor(long executionId) {
        return "execution-" + executionId;
    }

    /** @throws IllegalArgumentException when there is no such execution */
    public Map<String, Object> model(long executionId) {
        ExecutionReport execution = reports.execution(executionId);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("summary", ExecutionSummary.of(execution));
        model.put("e", execution);
        // one line per reason, "reason (in step, ...)", as the CLI says it; the stack traces below them
        model.put("failures", FailureReason.of(jobRepository.getJobExecution(executionId)));
        model.put("traces", execution.steps().stream().filter(step -> "FAILED".equals(step.status())
                && step.exitDescription() != null && !step.exitDescription().isBlank()).toList());
        model.put("progress", progress(executionId));
        model.put("quarantined", quarantine.countFor(executionId));
        model.put("quarantine", quarantine.newest(QuarantineEntries.Filter.execution(executionId), null,
                QUARANTINE_SHOWN));
        return model;
    }

    /** Items/s per step over the run: one series per step, aligned on the union of the sample times. */
    private Chart progress(long executionId) {
        Map<String, Map<Double, Double>> byStep = new LinkedHashMap<>();
        TreeSet<Double> times = new TreeSet<>();
        jdbc.query("""
                SELECT step_name, extract(epoch FROM sampled_at)::float8 AS at, items_per_second
                FROM skybatch.step_progress WHERE job_execution_id = ? ORDER BY sampled_at, step_name""", rs -> {
            double at = rs.getDouble("at");
            times.add(at);
            byStep.computeIfAbsent(rs.getString("step_name"), k -> new HashMap<>()).put(at,
                    rs.getDouble("items_per_second"));
        }, executionId);
        List<Double> x = new ArrayList<>(times);
        List<Chart.Series> series = byStep.entrySet().stream().map(step -> new Chart.Series(step.getKey(), "rate",
                x.stream().map(step.getValue()::get).toList())).toList();
        return new Chart("items/s by step", x, series);
    }
}
