package skybatch.jobs.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import skybatch.jobs.testing.SkybatchTestApp;
import skybatch.sql.SkybatchSchema;
import skybatch.writers.testing.TestDatabase;

/**
 * skybatch against the app-view's own schema: bsky-schema.sql is what {@code @atproto/bsky}'s migrations create
 * (made by sql/reference/bsky-schema.sh). On an empty database skybatch must create the same tables; on an
 * app-view's database it must use them as they are.
 */
class DataplaneSchemaTest {

    private static final List<String> TABLES = List.of("actor", "did_cache", "record", "actor_sync", "post",
            "post_embed_image", "post_embed_external", "post_embed_record", "post_embed_video", "like", "repost",
            "follow", "actor_block", "profile", "list", "list_item", "list_block", "feed_generator", "starter_pack",
            "labeler", "thread_gate", "post_gate", "verification", "feed_item", "quote", "op_thread_reply", "post_agg",
            "profile_agg");

    private static void loadAppViewSchema(TestDatabase database) throws IOException {
        String dump = new ClassPathResource("bsky-reference/bsky-schema.sql").getContentAsString(StandardCharsets.UTF_8);
        new JdbcTemplate(database.dataSource()).execute(dump);
    }

    private static List<Map<String, Object>> columns(JdbcTemplate jdbc, String table) {
        return jdbc.queryForList("""
                SELECT column_name, data_type, character_maximum_length, is_nullable, column_default,
                       is_generated, generation_expression
                FROM information_schema.columns WHERE table_schema = 'bsky' AND table_name = ?
                ORDER BY ordinal_position""", table);
    }

    private static List<Map<String, Object>> keys(JdbcTemplate jdbc, String table) {
        return jdbc.queryForList("""
                SELECT c.conname, c.contype, pg_get_constraintdef(c.oid) AS definition
                FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = 'bsky' AND t.relname = ? ORDER BY c.conname""", table);
    }

    /** The indexes that are not keys, but for the app-view's pg_trgm search indexes, which skybatch leaves out. */
    private static List<Map<String, Object>> indexes(JdbcTemplate jdbc, String table) {
        return jdbc.queryForList("""
                SELECT indexname, indexdef FROM pg_indexes i
                WHERE schemaname = 'bsky' AND tablename = ? AND indexdef NOT LIKE '%gist_trgm_ops%'
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
                ORDER BY indexname""", table);
    }

    @Test
    void onAnEmptyDatabaseTheDataplaneTablesMatchTheAppViewsExactly() throws IOException {
        try (TestDatabase reference = TestDatabase.create(); TestDatabase ours = TestDatabase.create()) {
            loadAppViewSchema(reference);
            SkybatchSchema.migrate(ours.dataSource(), "bsky");
            JdbcTemplate expected = new JdbcTemplate(reference.dataSource());
            JdbcTemplate actual = new JdbcTemplate(ours.dataSource());
            for (String table : TABLES) {
                assertThat(columns(actual, table)).as(table).isNotEmpty().isEqualTo(columns(expected, table));
                assertThat(keys(actual, table)).as(table).isNotEmpty().isEqualTo(keys(expected, table));
                assertThat(indexes(actual, table)).as(table).isEqualTo(indexes(expected, table));
            }
        }
    }

    @Test
    void onAnAppViewDatabaseItsTablesAreUsedAsTheyAre() throws Exception {
        TestDatabase database = TestDatabase.create();
        loadAppViewSchema(database);
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        long appViewMigrations = jdbc.queryForObject("SELECT count(*) FROM bsky.kysely_migration", Long.class);

        try (SkybatchTestApp app = SkybatchTestApp.on(database)) {
            assertThat(app.importPlc("../samples/plc-export-sample.jsonl.gz").getStatus())
                    .isEqualTo(BatchStatus.COMPLETED);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM bsky.actor", Long.class)).isPositive();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM bsky.kysely_migration", Long.class))
                    .isEqualTo(appViewMigrations);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_indexes WHERE schemaname = 'bsky'"
                    + " AND indexname = 'actor_handle_tgrm_idx'", Long.class)).isOne();
            assertThat(jdbc.queryForList("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = 'skybatch' ORDER BY 1", String.class))
                    .contains("actor_identity", "quarantine", "backfill_repo", "backfill_listing", "batch_job_execution",
                            "flyway_schema_history");
        }
    }
}
