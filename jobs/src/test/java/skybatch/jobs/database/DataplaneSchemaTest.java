package skybatch.jobs.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import skybatch.jobs.testing.SkybatchTestApp;
import skybatch.sql.SkybatchSchema;
import skybatch.sql.appview.BskyRelease;
import skybatch.writers.testing.TestDatabase;

/**
 * skybatch against the app-view's own schema: the dump in {@link BskyRelease} is what {@code @atproto/bsky}'s
 * migrations create (made by sql/reference/bsky-schema.sh). On an empty database skybatch must create the same
 * tables, indexes and views, recorded as migrated for bsky's migrator; on an app-view's database it must use them as
 * they are.
 */
class DataplaneSchemaTest {

    private static final int APP_VIEW_TABLES = 56;

    /** Loads the dump as psql would, then resets the search path it empties, which catalog functions print by. */
    private static void loadAppViewSchema(TestDatabase database) {
        new JdbcTemplate(database.dataSource()).execute((Statement statement) -> {
            statement.execute(BskyRelease.schemaDump());
            return statement.execute("RESET search_path");
        });
    }

    private static List<String> tables(JdbcTemplate jdbc, String schema) {
        return jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                + " AND table_type = 'BASE TABLE' ORDER BY 1", String.class, schema);
    }

    private static List<Map<String, Object>> columns(JdbcTemplate jdbc, String schema, String table) {
        return jdbc.queryForList("""
                SELECT column_name, data_type, character_maximum_length, is_nullable,
                       replace(column_default, ? || '.', 'bsky.') AS column_default, is_generated, generation_expression
                FROM information_schema.columns WHERE table_schema = ? AND table_name = ?
                ORDER BY ordinal_position""", schema, schema, table);
    }

    private static List<Map<String, Object>> keys(JdbcTemplate jdbc, String schema, String table) {
        return jdbc.queryForList("""
                SELECT c.conname, c.contype, replace(pg_get_constraintdef(c.oid), ? || '.', 'bsky.') AS definition
                FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = ? AND t.relname = ? ORDER BY c.conname""", schema, schema, table);
    }

    /** Every index of a table or view, the app-view's pg_trgm search indexes included, the schema name aside. */
    private static List<Map<String, Object>> indexes(JdbcTemplate jdbc, String schema, String table) {
        return jdbc.queryForList("""
                SELECT indexname, replace(indexdef, ' ' || ? || '.', ' bsky.') AS indexdef FROM pg_indexes
                WHERE schemaname = ? AND tablename = ? ORDER BY indexname""", schema, schema, table);
    }

    private static List<Map<String, Object>> otherRelations(JdbcTemplate jdbc, String schema) {
        return jdbc.queryForList("""
                SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ? AND c.relkind NOT IN ('r', 'i') ORDER BY 1""", schema);
    }

    private static List<Map<String, Object>> viewParameters(JdbcTemplate jdbc, String schema) {
        return jdbc.queryForList("SELECT name, value FROM " + schema + ".view_param ORDER BY name");
    }

    private static void assertSameSchema(JdbcTemplate expected, JdbcTemplate actual, String schema) {
        List<String> tables = tables(expected, "bsky");
        assertThat(tables).hasSize(APP_VIEW_TABLES);
        assertThat(tables(actual, schema)).isEqualTo(tables);
        for (String table : tables) {
            assertThat(columns(actual, schema, table)).as(table).isNotEmpty().isEqualTo(columns(expected, "bsky", table));
            assertThat(keys(actual, schema, table)).as(table).isEqualTo(keys(expected, "bsky", table));
            assertThat(indexes(actual, schema, table)).as(table).isEqualTo(indexes(expected, "bsky", table));
        }
        assertThat(otherRelations(actual, schema)).isEqualTo(otherRelations(expected, "bsky")).isNotEmpty();
        assertThat(indexes(actual, schema, "algo_whats_hot_view")).hasSize(2)
                .isEqualTo(indexes(expected, "bsky", "algo_whats_hot_view"));
        assertThat(actual.queryForObject("SELECT replace(definition, ? || '.', 'bsky.') FROM pg_matviews"
                        + " WHERE schemaname = ? AND matviewname = 'algo_whats_hot_view'", String.class, schema, schema))
                .isEqualTo(expected.queryForObject("SELECT definition FROM pg_matviews"
                        + " WHERE schemaname = 'bsky' AND matviewname = 'algo_whats_hot_view'", String.class));
        assertThat(viewParameters(actual, schema)).hasSize(2).isEqualTo(viewParameters(expected, "bsky"));
    }

    @Test
    void onAnEmptyDatabaseTheWholeAppViewSchemaIsCreatedAndRecordedAsMigrated() {
        try (TestDatabase reference = TestDatabase.create(); TestDatabase ours = TestDatabase.create()) {
            loadAppViewSchema(reference);
            SkybatchSchema.migrate(ours.dataSource(), "bsky");
            JdbcTemplate actual = new JdbcTemplate(ours.dataSource());
            assertSameSchema(new JdbcTemplate(reference.dataSource()), actual, "bsky");

            List<String> names = BskyRelease.migrationNames();
            assertThat(names).hasSize(61).first().isEqualTo("_20230309T045948368Z");
            // bsky's migrator orders what ran by time, then name, and requires the order of its own list.
            assertThat(actual.queryForList("SELECT name FROM bsky.kysely_migration ORDER BY \"timestamp\", name",
                    String.class)).isEqualTo(names);
            assertThat(actual.queryForObject("SELECT count(DISTINCT \"timestamp\") FROM bsky.kysely_migration"
                    + " WHERE \"timestamp\" ~ '^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$'", Long.class))
                    .isEqualTo(61L);
            assertThat(actual.queryForList("SELECT id || ':' || is_locked FROM bsky.kysely_migration_lock",
                    String.class)).containsExactly("migration_lock:0");
            assertThat(actual.queryForObject("SELECT ispopulated FROM pg_matviews"
                    + " WHERE matviewname = 'algo_whats_hot_view'", Boolean.class)).isTrue();
        }
    }

    @Test
    void inAnotherDataplaneSchemaTheSameObjectsAreCreatedThere() {
        try (TestDatabase reference = TestDatabase.create(); TestDatabase ours = TestDatabase.create()) {
            loadAppViewSchema(reference);
            SkybatchSchema.migrate(ours.dataSource(), "appview");
            JdbcTemplate actual = new JdbcTemplate(ours.dataSource());
            assertSameSchema(new JdbcTemplate(reference.dataSource()), actual, "appview");
            assertThat(actual.queryForObject("SELECT count(*) FROM appview.kysely_migration", Long.class))
                    .isEqualTo(61L);
            assertThat(tables(actual, "bsky")).isEmpty();
        }
    }

    @Test
    void onAnAppViewDatabaseItsTablesAreUsedAsTheyAre() throws Exception {
        TestDatabase database = TestDatabase.create();
        loadAppViewSchema(database);
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        // As after an older release's migrations: what ran is bsky's to continue, skybatch adds to none of it.
        jdbc.update("INSERT INTO bsky.kysely_migration VALUES ('_20230309T045948368Z', '2024-01-01T00:00:00.000Z')");
        jdbc.update("DROP TABLE bsky.draft");

        try (SkybatchTestApp app = SkybatchTestApp.on(database)) {
            assertThat(app.importPlc("../samples/plc-export-sample.jsonl.gz").getStatus())
                    .isEqualTo(BatchStatus.COMPLETED);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM bsky.actor", Long.class)).isPositive();
            // as the app-view writes its times: UTC, milliseconds
            assertThat(jdbc.queryForList("SELECT DISTINCT \"indexedAt\" FROM bsky.actor", String.class))
                    .allMatch(t -> t.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
            assertThat(jdbc.queryForList("SELECT name FROM bsky.kysely_migration", String.class))
                    .containsExactly("_20230309T045948368Z");
            assertThat(tables(jdbc, "bsky")).hasSize(APP_VIEW_TABLES - 1).doesNotContain("draft");
            assertThat(viewParameters(jdbc, "bsky")).hasSize(2);
            assertThat(jdbc.queryForList("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = 'skybatch' ORDER BY 1", String.class))
                    .contains("actor_identity", "quarantine", "backfill_repo", "backfill_listing", "batch_job_execution",
                            "flyway_schema_history");
        }
    }
}
