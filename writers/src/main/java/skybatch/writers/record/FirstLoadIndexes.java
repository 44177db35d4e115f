package skybatch.writers.record;

import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import skybatch.writers.support.DataplaneStatement;

/**
 * The record tables' secondary indexes on a first load: dropped before its first chunk, so that the chunks' COPYs
 * keep only the primary keys and unique values up to date (which still turn away what the app-view's indexer turns
 * away, e.g. a second like of the same post), and built again in one pass once the records are in, before anything
 * reads the tables by them. Only indexes that are neither unique nor a constraint's go, and not those of
 * {@code record}, whose index by DID gives a restarted repository its stored records. Each statement is one
 * transaction, or joins the caller's: from the drop to the build the definitions wait in
 * {@code skybatch.first_load_index}, so a crash at any point leaves them to the next build. The same for
 * {@code notification} ({@link #ofNotifications}), which a first load's threads step fills without its secondary
 * indexes, since it removes none of its rows ({@code ThreadsAndNotifications#writeFirstLoad}).
 */
public final class FirstLoadIndexes {

    private final DataplaneStatement drop;
    private final DataplaneStatement build;

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
        this.build = new DataplaneStatement(dataSource, dataplaneSchema, dataplane -> """
                DO $$
                DECLARE
                    dropped record;
                BEGIN
                    PERFORM set_config('maintenance_work_mem', '256MB', true);
                    FOR dropped IN SELECT name, definition FROM skybatch.first_load_index ORDER BY name LOOP
                        IF to_regclass(format('%%I.%%I', '%1$s', dropped.name)) IS NULL THEN
                            EXECUTE dropped.definition;
                        END IF;
                    END LOOP;
                    DELETE FROM skybatch.first_load_index;
                END
                $$
                """.formatted(dataplane));
    }

    /** Drops the secondary indexes still there, keeping their definitions (in the caller's transaction, if any). */
    public void drop() throws SQLException {
        drop.update();
    }

    /**
     * Builds every index a first load dropped (of any table: a crash may have left others' to this build) and forgets
     * their definitions; nothing when none was dropped.
     */
    public void build() throws SQLException {
        build.update();
    }
}
