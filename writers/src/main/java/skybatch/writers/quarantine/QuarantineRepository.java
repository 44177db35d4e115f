package skybatch.writers.quarantine;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes and reads {@code skybatch.quarantine}. Writes join the caller's Spring-managed transaction. Whatever the
 * input holds, its row can be written: text that PostgreSQL cannot store (U+0000, unpaired UTF-16 surrogates) is
 * written as the escape {@code \\uXXXX}, and long values are cut.
 */
public class QuarantineRepository {

    /** Longer input is cut: a quarantine row is for finding and reading the input, not for replaying it. */
    public static final int MAX_RAW_CHARS = 64 * 1024;
    /** Longer reasons (and the other columns) are cut, in the table and in log lines. */
    public static final int MAX_REASON_CHARS = 1000;

    private final JdbcTemplate jdbc;

    public QuarantineRepository(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public void add(QuarantinedInput input) {
        jdbc.update("INSERT INTO skybatch.quarantine (job_execution_id, source, position, did, reason, raw)"
                + " VALUES (?, ?, ?, ?, ?, ?)", input.jobExecutionId(), storable(input.source(), MAX_REASON_CHARS),
                storable(input.position(), MAX_REASON_CHARS), storable(input.did(), MAX_REASON_CHARS),
                storable(input.reason(), MAX_REASON_CHARS), storable(input.raw(), MAX_RAW_CHARS));
    }

    /** A reason, or any input, as a log line may show it: storable, and cut as a reason is. */
    public static String forLog(String text) {
        return storable(text, MAX_REASON_CHARS);
    }

    /**
     * {@code text} with U+0000 and unpaired surrogates escaped as {@code \\uXXXX} (PostgreSQL's text holds neither;
     * the JDBC driver would send a surrogate as '?'), cut to {@code max} characters with a note of the length.
     */
    static String storable(String text, int max) {
        if (text == null) {
            return null;
        }
        boolean cut = text.length() > max;
        StringBuilder out = null;
        int end = Math.min(text.length(), max);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            boolean unstorable = c == 0 || (Character.isSurrogate(c) && !paired
                    && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1))));
            if (unstorable && out == null) {
                out = new StringBuilder(end + 16).append(text, 0, i);
            }
            if (out != null) {
                if (unstorable) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
        String kept = out != null ? out.toString() : text.substring(0, end);
        if (cut && Character.isHighSurrogate(kept.charAt(kept.length() - 1))) {
            kept = kept.substring(0, kept.length() - 1);
        }
        return cut ? kept + "... (" + text.length() + " characters)" : kept;
    }

    /** What the execution quarantined first in its source's order (the lowest line number), if anything. */
    public Optional<QuarantinedInput> firstOf(long jobExecutionId) {
        return jdbc.query("SELECT job_execution_id, source, position, did, reason, raw FROM skybatch.quarantine"
                + " WHERE job_execution_id = ?"
                + " ORDER BY substring(position FROM '^line ([0-9]{1,18})$')::bigint NULLS LAST, id LIMIT 1",
                QuarantineRepository::row, jobExecutionId).stream().findFirst();
    }

    public List<QuarantinedInput> forJobExecution(long jobExecutionId) {
        return jdbc.query("SELECT job_execution_id, source, position, did, reason, raw FROM skybatch.quarantine"
                + " WHERE job_execution_id = ? ORDER BY id", QuarantineRepository::row, jobExecutionId);
    }

    private static QuarantinedInput row(ResultSet rs, int rowNumber) throws SQLException {
        return new QuarantinedInput(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6));
    }
}
