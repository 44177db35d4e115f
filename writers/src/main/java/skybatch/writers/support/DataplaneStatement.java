package skybatch.writers.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * One set-based SQL statement on the dataplane schema, whose text is made once for the configured (and checked)
 * schema name, run on the connection of the caller's transaction; collections bind as {@code text[]}.
 */
public final class DataplaneStatement {

    private final DataSource dataSource;
    private final String sql;

    /** @param sql the statement's text for a dataplane schema name */
    public DataplaneStatement(DataSource dataSource, String dataplaneSchema, Function<String, String> sql) {
        this.dataSource = dataSource;
        this.sql = sql.apply(SqlIdentifier.requirePlain(dataplaneSchema, "dataplane schema"));
    }

    /** Runs it with these parameters; returns the rows it changed. */
    public int update(Object... parameters) throws SQLException {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                Object value = parameters[i] instanceof Collection<?> values
                        ? connection.createArrayOf("text", values.toArray()) : parameters[i];
                statement.setObject(i + 1, value);
            }
            return statement.executeUpdate();
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
