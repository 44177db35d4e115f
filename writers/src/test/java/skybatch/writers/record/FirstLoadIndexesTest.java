package skybatch.writers.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static skybatch.writers.testing.DataplaneRows.POST;
import static skybatch.writers.testing.DataplaneRows.uri;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import skybatch.writers.testing.DataplaneRows;

/** A first load's secondary indexes: dropped with their definitions kept, built again exactly as they were. */
class FirstLoadIndexesTest {

    private DataplaneRows rows;
    private JdbcTemplate jdbc;
    private FirstLoadIndexes indexes;

    @BeforeEach
    void start() {
        rows = DataplaneRows.onMigratedDatabase();
        jdbc = rows.jdbc();
        indexes = new FirstLoadIndexes(jdbc.getDataSource(), "bsky");
    }

    @AfterEach
    void stop() {
        rows.close();
    }

    private List<Map<String, Object>> dataplaneIndexes() {
        return jdbc.queryForList("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'bsky'"
                + " ORDER BY indexname");
    }

    private List<String> names() {
        return jdbc.queryForList("SELECT indexname FROM pg_indexes WHERE schemaname = 'bsky'", String.class);
    }

    @Test
    void dropsOnlyTheRecordTablesSecondaryIndexesAndBuildsThemAgainAsTheyWere() throws Exception {
        List<Map<String, Object>> before = dataplaneIndexes();

        indexes.drop();

        assertThat(names()).doesNotContain("post_creator_cursor_idx", "post_replyparent_idx", "feed_item_cursor_idx",
                "like_subject_sort_at_creator_idx", "follow_subject_cursor_idx")
                .as("keys, unique values, the stored records' index, and tables the records step does not fill stay")
                .contains("post_pkey", "like_unique_subject", "follow_unique_subject", "record_did_idx",
                        "notification_author_idx");
        long dropped = before.size() - names().size();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM skybatch.first_load_index", Long.class))
                .isEqualTo(dropped).isPositive();
        String post = rows.post(uri("did:plc:" + "a".repeat(24), POST, "3kpaa"), "2025-01-01T00:00:00.000Z");
        assertThat(catchThrowable(() -> jdbc.update("INSERT INTO bsky.post (uri, cid, creator, text, \"createdAt\","
                + " \"indexedAt\") SELECT uri, cid, creator, text, \"createdAt\", \"indexedAt\" FROM bsky.post")))
                .as("the key still holds: " + post).isInstanceOf(DuplicateKeyException.class);

        indexes.drop();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM skybatch.first_load_index", Long.class))
                .as("a second drop (a restart) keeps the definitions").isEqualTo(dropped);

        indexes.build();
        assertThat(dataplaneIndexes()).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM skybatch.first_load_index", Long.class)).isZero();
        indexes.build();
        assertThat(dataplaneIndexes()).as("nothing to build").isEqualTo(before);
    }

    @Test
    void buildsTheMissingOnesBesideTheCallersTransactionWhichUpdatesTheFirstTableBeforeItsIndexes() throws Exception {
        List<Map<String, Object>> before = dataplaneIndexes();
        String post = rows.post(uri("did:plc:" + "a".repeat(24), POST, "3kpaa"), "2025-01-01T00:00:00.000Z");
        indexes.drop();
        // as a crash leaves it after the second connection committed its part
        jdbc.execute("CREATE INDEX like_creator_cursor_idx ON bsky.\"like\" USING btree (creator, \"sortAt\", cid)");
        List<String> seenByFirst = new ArrayList<>();

        new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource())).executeWithoutResult(s -> {
            try {
                indexes.build("post", () -> {
                    jdbc.update("UPDATE bsky.post SET \"invalidReplyRoot\" = true");
                    seenByFirst.addAll(jdbc.queryForList("SELECT indexname FROM pg_indexes"
                            + " WHERE schemaname = 'bsky' AND tablename = 'post'", String.class));
                });
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(seenByFirst).as("post's secondary indexes come after the caller's first work")
                .doesNotContain("post_creator_cursor_idx", "post_replyparent_idx").contains("post_pkey");
        assertThat(dataplaneIndexes()).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM skybatch.first_load_index", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT \"invalidReplyRoot\" FROM bsky.post WHERE uri = ?", Boolean.class,
                post)).isTrue();
    }

    @Test
    void notificationsSecondaryIndexesGoAloneAndComeBackAsTheyWere() throws Exception {
        List<Map<String, Object>> before = dataplaneIndexes();
        FirstLoadIndexes notifications = FirstLoadIndexes.ofNotifications(jdbc.getDataSource(), "bsky");

        notifications.drop();

        assertThat(before.size() - names().size()).isEqualTo(3);
        assertThat(names()).doesNotContain("notification_author_idx", "notification_did_sortat_idx",
                "notification_record_idx").contains("notification_pkey", "post_creator_cursor_idx");
        notifications.build();
        assertThat(dataplaneIndexes()).isEqualTo(before);
    }
}
