package skybatch.writers.record;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import skybatch.writers.support.DataplaneStatement;
import skybatch.writers.support.SqlIdentifier;

/**
 * The record tables' secondary indexes on a first load: dropped before its first chunk, so that the chunks' COPYs
 * keep only the primary keys and unique values up to date (which still turn away what the app-view's indexer turns
 * away, e.g. a second like of the same post), and built again once the records are in, on two connections at
 * once, before anything reads the tables by them. Only indexes that are neither unique nor a constraint's go, and
 * not those of {@code record}, whose index by DID gives a restarted repository its stored records. The drop is one
 * transaction, or joins the caller's; a build joins the caller's and commits its second connection's own: from the drop to the build the definitions wait in
 * {@code skybatch.first_load_index}, so a crash at any point leaves them to the next build. The same for
 * {@code notification} ({@link #ofNotifications}), which a first load's threads step fills without its secondary
 * indexes, since it removes none of its rows ({@code ThreadsAndNotifications#writeFirstLoad}).
 */
public final class FirstLoadIndexes {

    private static final String MAINTENANCE_WORK_MEM = "SELECT set_config('maintenance_work_mem', '256MB', true)";

    private final DataSource dataSource;
    private final DataplaneStatement drop;
    /** The definitions of the dropped indexes not built yet, with their tables, the largest table first. */
    private final String pending;

    /** The record tables' (not {@code record}'s). */
    public FirstLoadIndexes(DataSource dataSource, String dataplaneSchema) {
        this(dataSource, dataplaneSchema, RecordTablesWriter.TABLES.stream()
                .map(type -> type.getAnnotation(Table.class).value()).filter(table -> !table.equals("record"))
                .toList());
    }

    /** {@code notification}'s, which a first load's threads step fills and builds at its end. */
    public static FirstLoadIndexes ofNotifications(DataSource dataSource, String dataplaneSchema) {
        return new FirstLoadIndexes(dataSource, dataplaneSchema, List.of("notification"));
    }

    private FirstLoadIndexes(DataSource dataSource, String dataplaneSchema, List<String> tableNames) {
        String tables = tableNames.stream().map(table -> "'" + table + "'").collect(Collectors.joining(", "));
        this.drop = new DataplaneStatement(dataSource, dataplaneSchema, dataplane -> """
                DO $$
                DECLARE
                    secondary record;
                BEGIN
                    FOR secondary IN
                        SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
                        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                        JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                        WHERE n.nspname = '%1$s' AND t.relname IN (%2$s) AND NOT i.indisunique
                          AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = i.indexrelid)
                        ORDER BY c.relname
                    LOOP
                        INSERT INTO skybatch.first_load_index (name, definition)
                        VALUES (secondary.name, secondary.definition)
                        ON CONFLICT (name) DO UPDATE SET definition = excluded.definition;
                        EXECUTE format('DROP INDEX %%I.%%I', '%1$s', secondary.name);
                    END LOOP;
                END
                $$
                """.formatted(dataplane, tables));
        this.pending = """
                SELECT t.relname, f.definition
                FROM skybatch.first_load_index f
                JOIN pg_class t ON t.oid = substring(f.definition FROM ' ON (?:ONLY )?(.+?) USING ')::regclass
                WHERE to_regclass(format('%%I.%%I', '%1$s', f.name)) IS NULL
                ORDER BY pg_relation_size(t.oid) DESC, f.name
                """.formatted(SqlIdentifier.requirePlain(dataplaneSchema, "dataplane schema"));
        this.dataSource = dataSource;
    }

    /** Drops the secondary indexes still there, keeping their definitions (in the caller's transaction, if any). */
    public void drop() throws SQLException {
        drop.update();
    }

    /**
     * Builds every index a first load dropped (of any table: a crash may have left others' to this build) and forgets
     * their definitions; nothing when none was dropped. Two connections build at once, see {@link #build(String, Work)}.
     */
    public void build() throws SQLException {
        build(null, () -> {});
    }

    /**
     * Builds every index a first load dropped on two connections at once (each build is one backend's work, and the
     * server has a core for each), then forgets the definitions, in the caller's transaction. On the caller's
     * connection, in its transaction: first {@code first}, then the indexes of {@code table} (so that {@code first}
     * may update {@code table} before its indexes exist), then the others; on a connection of its own, in a
     * transaction of its own, committed before the caller's: the other tables' indexes meanwhile. Both take the next
     * index of the largest table left. A crash leaves each index built or not, and the definitions to the next
     * build, which builds the missing ones.
     *
     * @param table the table whose indexes only the caller's connection builds (null: none)
     */
    public void build(String table, Work first) throws SQLException {
        List<Dropped> dropped = pending();
        Deque<Dropped> others = new ConcurrentLinkedDeque<>(
                dropped.stream().filter(index -> !index.table().equals(table)).toList());
        ExecutorService helper = Executors.newSingleThreadExecutor(work -> new Thread(work, "first-load-indexes"));
        // no second connection when only the caller's table has indexes left (or none has: the merge path)
        Future<?> helped = others.isEmpty() ? CompletableFuture.completedFuture(null) : helper.submit(() -> {
            buildOnItsOwn(others);
            return null;
        });
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (Statement statement = connection.createStatement()) {
            first.run();
            statement.execute(MAINTENANCE_WORK_MEM);
            for (Dropped index : dropped) {
                if (index.table().equals(table)) {
                    statement.execute(index.definition());
                }
            }
            for (Dropped index = others.poll(); index != null; index = others.poll()) {
                statement.execute(index.definition());
            }
            helped.get();
            statement.execute("DELETE FROM skybatch.first_load_index");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while the indexes were built", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SQLException failed ? failed : new SQLException(e.getCause());
        } finally {
            // on a failure here, the helper builds no further index, and is done before the caller's rollback
            others.clear();
            helper.shutdown();
            awaitQuietly(helped);
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** The second connection's part: the next index left, until none is. */
    private void buildOnItsOwn(Deque<Dropped> others) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute(MAINTENANCE_WORK_MEM);
            for (Dropped index = others.poll(); index != null; index = others.poll()) {
                statement.execute(index.definition());
            }
            connection.commit();
        }
    }

    private List<Dropped> pending() throws SQLException {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(pending)) {
            List<Dropped> dropped = new ArrayList<>();
            while (rows.next()) {
                dropped.add(new Dropped(rows.getString(1), rows.getString(2)));
            }
            return dropped;
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static void awaitQuietly(Future<?> helped) {
        try {
            helped.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // reported by the build, or superseded by the caller's own failure
        }
    }

    /** A dropped index: its table's name, and its definition. */
    private record Dropped(String table, String definition) {}

    /** What the caller's connection does before it builds a table's indexes. */
    @FunctionalInterface
    public interface Work {
        void run() throws SQLException;
    }
}
