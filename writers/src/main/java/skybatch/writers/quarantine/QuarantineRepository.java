package skybatch.writers.quarantine;

import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** Writes and reads {@code skybatch.quarantine}. Writes join the caller's Spring-managed transaction. */
public class QuarantineRepository {

    /** Longer input is cut: a quarantine row is for finding and reading the input, not for replaying it. */
    public static final int MAX_RAW_CHARS = 64 * 1024;

    private final JdbcTemplate jdbc;

    public QuarantineRepository(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public void add(QuarantinedInput input) {
        String raw = input.raw();
        if (raw != null && raw.length() > MAX_RAW_CHARS) {
            raw = raw.substring(0, MAX_RAW_CHARS);
        }
        jdbc.update("INSERT INTO skybatch.quarantine (job_execution_id, source, position, did, reason, raw)"
                + " VALUES (?, ?, ?, ?, ?, ?)", input.jobExecutionId(), input.source(), input.position(),
                input.did(), input.reason(), raw);
    }

    public List<QuarantinedInput> forJobExecution(long jobExecutionId) {
        return jdbc.query("SELECT job_execution_id, source, position, did, reason, raw FROM skybatch.quarantine"
                + " WHERE job_execution_id = ? ORDER BY id", (rs, i) -> new QuarantinedInput(rs.getLong(1),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)),
                jobExecutionId);
    }
}
