package skybatch.writers.label;

import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** How many labels of a labeler the {@code label} table holds, in effect (not negated) and negated. */
public class LabelCounts {

    private final JdbcTemplate jdbc;
    private final String sql;

    public LabelCounts(DataSource dataSource, String dataplaneSchema) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.sql = "SELECT count(*) FILTER (WHERE NOT neg), count(*) FILTER (WHERE neg) FROM " + dataplaneSchema
                + ".label WHERE src = ?";
    }

    /** The labeler's rows: {@code [in effect, negated]}. */
    public long[] of(String src) {
        return jdbc.queryForObject(sql, (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}, src);
    }
}
