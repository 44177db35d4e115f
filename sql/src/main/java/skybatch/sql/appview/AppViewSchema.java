package skybatch.sql.appview;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The app-view's whole schema, as {@code @atproto/bsky}'s own migrations leave it ({@link BskyRelease}), for a
 * database on which they never ran: every table, index, sequence and materialized view of the dump that is not there
 * yet (skybatch's earlier migrations made some of the tables, exactly as the dump has them), then the migrations
 * recorded in {@code kysely_migration} as bsky's migrator records them, so that it finds nothing left to apply and
 * applies a later release's migrations on top. Where that table exists, bsky's migrator has run and nothing is touched.
 */
public final class AppViewSchema {

    private static final String MIGRATION_TABLE = "kysely_migration";

    private AppViewSchema() {}

    public static void createWhereMissing(Connection connection, String schema) throws SQLException {
        Set<String> present = present(connection, schema);
        if (present.contains(MIGRATION_TABLE)) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            for (DumpStatement dumped : DumpStatement.parse(BskyRelease.schemaDump(), schema)) {
                if (dumped.object().map(present::contains).orElse(false)) {
                    continue;
                }
                statement.execute(dumped.sql());
            }
            // The migration creates it from its query, populated; pg_dump leaves the rows to a data section.
            for (String view : materializedViews(connection, schema)) {
                statement.execute("REFRESH MATERIALIZED VIEW " + schema + "." + view);
            }
        }
        recordMigrations(connection, schema, BskyRelease.migrationNames());
    }

    /** Names of the relations (tables, indexes, sequences, views) and constraints in the schema. */
    private static Set<String> present(Connection connection, String schema) throws SQLException {
        Set<String> names = new HashSet<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ?
                UNION SELECT k.conname FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace
                WHERE n.nspname = ?""")) {
            query.setString(1, schema);
            query.setString(2, schema);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        return names;
    }

    private static List<String> materializedViews(Connection connection, String schema) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT matviewname FROM pg_matviews WHERE schemaname = ? AND NOT ispopulated ORDER BY 1")) {
            query.setString(1, schema);
            try (ResultSet rows = query.executeQuery()) {
                List<String> names = new ArrayList<>();
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
                return names;
            }
        }
    }

    /**
     * As Kysely's migrator writes them: each name with the ISO time it ran, one millisecond apart so that their order
     * by time is the order of the names, and the lock row, unlocked.
     */
    private static void recordMigrations(Connection connection, String schema, List<String> names) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema + "." + MIGRATION_TABLE
                + """
                 (name, "timestamp")
                SELECT m.name, to_char(now() AT TIME ZONE 'UTC' + (m.ord - 1) * interval '1 millisecond',
                                       'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                FROM unnest(?::text[]) WITH ORDINALITY AS m(name, ord)""")) {
            insert.setArray(1, connection.createArrayOf("text", names.toArray()));
            insert.executeUpdate();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO " + schema + ".kysely_migration_lock (id, is_locked)"
                    + " VALUES ('migration_lock', 0)");
        }
    }
}
