package skybatch.writers.label;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import skybatch.readers.syntax.Datetime;

/**
 * Writes labels into the app-view's {@code label} table in the caller's transaction, one set-based statement per
 * call, as the app-view reads them: one row per (src, uri, cid, val) that the newest label (by {@code cts}) owns,
 * a negation included (the app-view skips rows with {@code neg}), an expiry kept as {@code exp} (the app-view shows
 * a label until then). A label older than the one stored, such as a replay, changes nothing.
 */
public class LabelWriter {

    private final JdbcTemplate jdbc;
    private final String sql;

    public LabelWriter(DataSource dataSource, String dataplaneSchema) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.sql = "INSERT INTO " + dataplaneSchema + ".label AS l (src, uri, cid, val, neg, cts, exp)"
                + " SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::boolean[],"
                + " ?::varchar[], ?::varchar[])"
                + " ON CONFLICT (src, uri, cid, val) DO UPDATE SET neg = excluded.neg, cts = excluded.cts,"
                + " exp = excluded.exp WHERE l.cts::timestamptz <= excluded.cts::timestamptz";
    }

    /**
     * Writes {@code labels}, given in stream order; their {@code cts} and {@code exp} must be valid datetimes.
     *
     * @return how many rows were inserted or changed
     */
    public int write(List<LabelRow> labels) {
        if (labels.isEmpty()) {
            return 0;
        }
        List<LabelRow> rows = newestPerRow(labels);
        return jdbc.execute((ConnectionCallback<Integer>) connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(statement, connection, 1, "varchar", rows, LabelRow::src);
                bind(statement, connection, 2, "varchar", rows, LabelRow::uri);
                bind(statement, connection, 3, "varchar", rows, LabelRow::cid);
                bind(statement, connection, 4, "varchar", rows, LabelRow::val);
                bind(statement, connection, 5, "boolean", rows, LabelRow::neg);
                bind(statement, connection, 6, "varchar", rows, LabelRow::cts);
                bind(statement, connection, 7, "varchar", rows, LabelRow::exp);
                return statement.executeUpdate();
            }
        });
    }

    /** One statement cannot change a row twice: of the labels for one row, the newest (the later on a tie). */
    private static List<LabelRow> newestPerRow(List<LabelRow> labels) {
        Map<List<String>, LabelRow> newest = new LinkedHashMap<>();
        for (LabelRow label : labels) {
            newest.merge(List.of(label.src(), label.uri(), label.cid(), label.val()), label,
                    (held, next) -> created(next).isBefore(created(held)) ? held : next);
        }
        return new ArrayList<>(newest.values());
    }

    private static Instant created(LabelRow label) {
        return Datetime.parse(label.cts()).instant();
    }

    private static void bind(PreparedStatement statement, Connection connection, int index, String type,
            List<LabelRow> rows, Function<LabelRow, Object> column) throws SQLException {
        statement.setArray(index, connection.createArrayOf(type, rows.stream().map(column).toArray()));
    }
}
