package skybatch.jobs.dashboard.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads {@code skybatch.quarantine}: entries newest first (a page at a time, by id), filtered, and counts. */
@Component
public class QuarantineEntries {

    /**
     * Joins the job {@code i} of the execution {@code e} of the rows {@code q}, when they have one: the quarantine, or
     * its counts by execution (counted first, so that the join is once per execution, not per entry).
     */
    static final String WITH_JOB = """
             LEFT JOIN skybatch.batch_job_execution e ON e.job_execution_id = q.job_execution_id
            LEFT JOIN skybatch.batch_job_instance i ON i.job_instance_id = e.job_instance_id
            """;

    /** Raw input shown per entry; the rest is in the table. */
    static final int RAW_SHOWN = 2_000;

    private final JdbcTemplate jdbc;

    QuarantineEntries(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public record Entry(long id, Long jobExecutionId, String job, String source, String position, String did,
            String reason, String raw, boolean rawCut, Instant at) {}

    /**
     * What to show; null fields do not filter.
     *
     * @param reason a piece of text the reason contains (any case)
     */
    public record Filter(Long jobExecutionId, String job, String source, String reason) {

        public static Filter none() {
            return new Filter(null, null, null, null);
        }

        public static Filter execution(long jobExecutionId) {
            return new Filter(jobExecutionId, null, null, null);
        }
    }

    public List<Entry> newest(Filter filter, Long beforeId, int limit) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>(List.of(RAW_SHOWN));
        if (filter.jobExecutionId() != null) {
            where.append(" AND q.job_execution_id = ?");
            args.add(filter.jobExecutionId());
        }
        if (filter.job() != null) {
            where.append(" AND i.job_name = ?");
            args.add(filter.job());
        }
        if (filter.source() != null) {
            where.append(" AND q.source = ?");
            args.add(filter.source());
        }
        if (filter.reason() != null) {
            where.append(" AND strpos(lower(q.reason), lower(?)) > 0");
            args.add(filter.reason());
        }
        if (beforeId != null) {
            where.append(" AND q.id < ?");
            args.add(beforeId);
        }
        args.add(limit);
        return jdbc.query("""
                SELECT q.id, q.job_execution_id, i.job_name, q.source, q.position, q.did, q.reason,
                       left(q.raw, ?) AS raw, length(q.raw) AS raw_length, q.quarantined_at
                FROM skybatch.quarantine q""" + WITH_JOB + where + " ORDER BY q.id DESC LIMIT ?", (rs, row) -> {
            Timestamp at = rs.getTimestamp("quarantined_at");
            return new Entry(rs.getLong("id"), (Long) rs.getObject("job_execution_id"), rs.getString("job_name"),
                    rs.getString("source"), rs.getString("position"), rs.getString("did"), rs.getString("reason"),
                    rs.getString("raw"), rs.getInt("raw_length") > RAW_SHOWN, at.toInstant());
        }, args.toArray());
    }

    public long countFor(long jobExecutionId) {
        return jdbc.queryForObject("SELECT count(*) FROM skybatch.quarantine WHERE job_execution_id = ?", Long.class,
                jobExecutionId);
    }
}
