package skybatch.jobs.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** The rows of dataplane tables in a stable order, without the columns that hold wall-clock times. */
public final class TableRows {

    private TableRows() {}

    public static Map<String, List<Map<String, Object>>> of(JdbcTemplate jdbc, List<String> tables) {
        Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        for (String table : tables) {
            List<Map<String, Object>> tableRows = jdbc.queryForList(
                    "SELECT * FROM bsky.\"" + table + "\" ORDER BY 1, 2");
            tableRows.forEach(row -> {
                row.remove("indexedAt");
                row.remove("sortAt");
            });
            rows.put(table, tableRows);
        }
        return rows;
    }
}
