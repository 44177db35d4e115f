package skybatch.jobs.operations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/** Reads job executions and their steps back from the JDBC job repository, for lists and reports. */
@Component
public class JobReports {

    private final JdbcTemplate jdbc;

    public JobReports(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public record StepReport(String name, String status, long read, long written, long filtered, long skipped,
            long commits, long rollbacks, LocalDateTime start, LocalDateTime end, Long seconds, Long readPerSecond,
            String exitDescription) {}

    public record ExecutionReport(long executionId, long instanceId, String job, String status, String exitCode,
            String exitDescription, LocalDateTime start, LocalDateTime end, Long seconds, String parameters,
            List<StepReport> steps) {}

    /** Executions newest first, optionally of one job and since a time. */
    public List<ExecutionReport> executions(String jobName, LocalDateTime since, int limit) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        if (jobName != null) {
            where.append(" AND i.job_name = ?");
            args.add(jobName);
        }
        if (since != null) {
            where.append(" AND e.create_time >= ?");
            args.add(Timestamp.valueOf(since));
        }
        return query(where.toString(), args, limit);
    }

    /** A page of executions newest first: those before an execution id (all when null), by the primary key. */
    public List<ExecutionReport> executionsBefore(Long beforeExecutionId, int limit) {
        return beforeExecutionId == null ? query("", new ArrayList<>(), limit)
                : query(" WHERE e.job_execution_id < ?", new ArrayList<>(List.of(beforeExecutionId)), limit);
    }

    /** The executions among these ids, newest first. */
    public List<ExecutionReport> executions(List<Long> executionIds) {
        if (executionIds.isEmpty()) {
            return List.of();
        }
        return query(" WHERE e.job_execution_id IN (" + idList(executionIds) + ")", new ArrayList<>(),
                executionIds.size());
    }

    public ExecutionReport execution(long executionId) {
        return query(" WHERE e.job_execution_id = ?", new ArrayList<>(List.of(executionId)), 1).stream()
                .findFirst().orElseThrow(() -> new IllegalArgumentException("there is no job execution " + executionId));
    }

    private List<ExecutionReport> query(String where, List<Object> args, int limit) {
        args.add(limit);
        List<ExecutionReport> executions = jdbc.query("""
                SELECT e.job_execution_id, e.job_instance_id, i.job_name, e.status, e.exit_code, e.exit_message,
                       e.start_time, e.end_time
                FROM skybatch.batch_job_execution e JOIN skybatch.batch_job_instance i USING (job_instance_id)
                """ + where + " ORDER BY e.job_execution_id DESC LIMIT ?", (RowMapper<ExecutionReport>) this::execution,
                args.toArray());
        if (executions.isEmpty()) {
            return executions;
        }
        List<Long> ids = executions.stream().map(ExecutionReport::executionId).toList();
        Map<Long, List<StepReport>> steps = steps(ids);
        Map<Long, String> parameters = parameters(ids);
        return executions.stream().map(e -> new ExecutionReport(e.executionId(), e.instanceId(), e.job(),
                e.status(), e.exitCode(), e.exitDescription(), e.start(), e.end(), e.seconds(),
                parameters.getOrDefault(e.executionId(), ""), steps.getOrDefault(e.executionId(), List.of())))
                .toList();
    }

    private static String idList(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private ExecutionReport execution(ResultSet rs, int rowNumber) throws SQLException {
        LocalDateTime start = time(rs, "start_time");
        LocalDateTime end = time(rs, "end_time");
        return new ExecutionReport(rs.getLong("job_execution_id"), rs.getLong("job_instance_id"),
                rs.getString("job_name"), rs.getString("status"), rs.getString("exit_code"),
                rs.getString("exit_message"), start, end, seconds(start, end), "", List.of());
    }

    private Map<Long, List<StepReport>> steps(List<Long> executionIds) {
        return jdbc.query("""
                SELECT job_execution_id, step_name, status, read_count, write_count, filter_count,
                       read_skip_count + process_skip_count + write_skip_count AS skip_count,
                       commit_count, rollback_count, start_time, end_time, exit_message
                FROM skybatch.batch_step_execution WHERE job_execution_id IN (%s) ORDER BY step_execution_id
                """.formatted(idList(executionIds)), (ResultSet rs) -> {
            Map<Long, List<StepReport>> byExecution = new java.util.LinkedHashMap<>();
            while (rs.next()) {
                LocalDateTime start = time(rs, "start_time");
                LocalDateTime end = time(rs, "end_time");
                Long seconds = seconds(start, end);
                long read = rs.getLong("read_count");
                Duration took = start == null ? null : Duration.between(start, end == null ? LocalDateTime.now() : end);
                Long rate = took == null || took.toMillis() == 0 ? null : read * 1000 / took.toMillis();
                byExecution.computeIfAbsent(rs.getLong("job_execution_id"), k -> new ArrayList<>())
                        .add(new StepReport(rs.getString("step_name"), rs.getString("status"), read,
                                rs.getLong("write_count"), rs.getLong("filter_count"), rs.getLong("skip_count"),
                                rs.getLong("commit_count"), rs.getLong("rollback_count"), start, end, seconds,
                                rate, rs.getString("exit_message")));
            }
            return byExecution;
        });
    }

    private Map<Long, String> parameters(List<Long> executionIds) {
        return jdbc.query("""
                SELECT job_execution_id, parameter_name, parameter_value FROM skybatch.batch_job_execution_params
                WHERE job_execution_id IN (%s) ORDER BY parameter_name
                """.formatted(idList(executionIds)), (ResultSet rs) -> {
            Map<Long, List<String>> byExecution = new java.util.HashMap<>();
            while (rs.next()) {
                byExecution.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                        .add(rs.getString(2) + "=" + rs.getString(3));
            }
            return byExecution.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> String.join(" ", e.getValue())));
        });
    }

    private static LocalDateTime time(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toLocalDateTime();
    }

    private static Long seconds(LocalDateTime start, LocalDateTime end) {
        return start == null || end == null ? null : Duration.between(start, end).toSeconds();
    }
}
