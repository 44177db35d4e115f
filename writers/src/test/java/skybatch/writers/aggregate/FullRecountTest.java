package skybatch.writers.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static skybatch.writers.testing.DataplaneRows.POST;
import static skybatch.writers.testing.DataplaneRows.allow;
import static skybatch.writers.testing.DataplaneRows.mentioning;
import static skybatch.writers.testing.DataplaneRows.uri;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import skybatch.writers.testing.DataplaneRows;

/** The first load's recount: one pass over the whole tables, the same counts as recounting every noted key. */
class FullRecountTest {

    private static final String OWNER = "did:plc:owner" + "o".repeat(19);
    private static final String FRIEND = "did:plc:friend" + "f".repeat(18);
    private static final String STRANGER = "did:plc:stranger" + "s".repeat(16);

    private DataplaneRows rows;
    private JdbcTemplate jdbc;
    private FullRecount fullRecount;
    private AggregateRecounter recounter;

    @BeforeEach
    void start() {
        rows = DataplaneRows.onMigratedDatabase();
        jdbc = rows.jdbc();
        fullRecount = new FullRecount(jdbc.getDataSource(), "bsky");
        recounter = new AggregateRecounter(jdbc.getDataSource(), "bsky");
    }

    @AfterEach
    void stop() {
        rows.close();
    }

    /** Posts, a reply that breaks its thread gate, likes, a repost, a quote and follows between three accounts. */
    private String someRecords() {
        String root = rows.post(uri(OWNER, POST, "root"), "2025-01-01T00:00:00.000Z", null, null, mentioning(FRIEND));
        rows.threadGate(root, "2025-01-01T00:01:00.000Z", allow("mentionRule"));
        rows.post(uri(FRIEND, POST, "r1"), "2025-01-01T00:02:00.000Z", root, root, Map.of());
        rows.post(uri(STRANGER, POST, "r2"), "2025-01-01T00:03:00.000Z", root, root, Map.of());
        rows.quote(uri(STRANGER, POST, "q1"), "2025-01-01T00:04:00.000Z", root);
        rows.like("like", FRIEND, "l1", root, null, "2025-01-01T00:05:00.000Z");
        rows.like("like", STRANGER, "l2", root, null, "2025-01-01T00:05:00.000Z");
        rows.like("like", OWNER, "l3", uri(OWNER, POST, "gone"), null, "2025-01-01T00:05:00.000Z");
        rows.like("repost", FRIEND, "p1", root, null, "2025-01-01T00:06:00.000Z");
        rows.follow(FRIEND, OWNER, "f1", "2025-01-01T00:07:00.000Z");
        rows.follow(STRANGER, OWNER, "f2", "2025-01-01T00:07:00.000Z");
        rows.follow(OWNER, FRIEND, "f3", "2025-01-01T00:07:00.000Z");
        rows.derive(OWNER, FRIEND, STRANGER);
        return root;
    }

    private List<Map<String, Object>> aggregates() {
        List<Map<String, Object>> all = new ArrayList<>(
                jdbc.queryForList("SELECT * FROM bsky.post_agg ORDER BY uri"));
        all.addAll(jdbc.queryForList("SELECT * FROM bsky.profile_agg ORDER BY did"));
        return all;
    }

    private void inOneTransaction(SqlWork work) {
        new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource())).executeWithoutResult(status -> {
                    try {
                        work.run();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    private interface SqlWork {
        void run() throws SQLException;
    }

    @Test
    void onEmptyRecordTablesAFullRecountIsNotedAndStaysDueUntilItIsDone() throws Exception {
        assertThat(fullRecount.noteIfEmpty()).isTrue();
        rows.post(uri(OWNER, POST, "p"), "2025-01-01T00:00:00.000Z");
        assertThat(fullRecount.noteIfEmpty()).as("a restart finds rows, and the note of its first run").isTrue();
        assertThat(recounter.recountNext(100)).as("the noted keys' recount leaves the note alone").isZero();
        assertThat(fullRecount.due()).isTrue();

        inOneTransaction(() -> assertThat(fullRecount.recountIfDue()).isEqualTo(1));

        assertThat(fullRecount.due()).isFalse();
        assertThat(fullRecount.noteIfEmpty()).as("a later run on filled tables merges").isFalse();
        inOneTransaction(() -> assertThat(fullRecount.recountIfDue()).isEqualTo(-1));
        assertThat(jdbc.queryForObject("SELECT \"postsCount\" FROM bsky.profile_agg", Long.class)).isEqualTo(1);
    }

    @Test
    void countsEveryPostAndAccountAsTheRecountOfEveryNotedKeyDoes() throws Exception {
        String root = someRecords();
        // the keys the record writer notes: subjects of likes, reposts, quotes, reply parents; authors, follow ends
        jdbc.update("""
                INSERT INTO skybatch.aggregate_recount (kind, key)
                SELECT 'post', subject FROM bsky."like" UNION SELECT 'post', subject FROM bsky.repost
                UNION SELECT 'post', subject FROM bsky.quote
                UNION SELECT 'post', "replyParent" FROM bsky.post WHERE "replyParent" IS NOT NULL
                UNION SELECT 'profile', creator FROM bsky.post UNION SELECT 'profile', creator FROM bsky.follow
                UNION SELECT 'profile', "subjectDid" FROM bsky.follow
                ON CONFLICT DO NOTHING""");
        inOneTransaction(() -> {
            while (recounter.recountNext(2) > 0) {
                // batch after batch, as the aggregates step takes them
            }
        });
        List<Map<String, Object>> noted = aggregates();
        jdbc.execute("TRUNCATE bsky.post_agg, bsky.profile_agg");

        jdbc.update("INSERT INTO skybatch.aggregate_recount (kind, key) VALUES ('all', '')");
        inOneTransaction(() -> assertThat(fullRecount.recountIfDue()).isEqualTo(noted.size()));

        assertThat(aggregates()).isEqualTo(noted);
        assertThat(jdbc.queryForMap("SELECT \"likeCount\", \"replyCount\", \"repostCount\", \"quoteCount\""
                + " FROM bsky.post_agg WHERE uri = ?", root)).as("the reply breaking the gate is not counted")
                .containsExactly(Map.entry("likeCount", 2L), Map.entry("replyCount", 1L),
                        Map.entry("repostCount", 1L), Map.entry("quoteCount", 1L));
        assertThat(jdbc.queryForMap("SELECT \"followersCount\", \"followsCount\", \"postsCount\" FROM bsky.profile_agg"
                + " WHERE did = ?", OWNER)).containsExactly(Map.entry("followersCount", 2L),
                Map.entry("followsCount", 1L), Map.entry("postsCount", 1L));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM skybatch.aggregate_recount", Long.class)).isZero();
    }

    @Test
    void takesOffTheNotesOfTheKeysItCountsAndLeavesTheOthersToTheRecounter() throws Exception {
        String root = someRecords();
        String uncounted = uri(OWNER, POST, "nothing-points-here");
        // the threads step (derive) has noted the root, parent of a reply whose gate flag it set
        jdbc.update("INSERT INTO skybatch.aggregate_recount (kind, key) VALUES ('all', ''), ('post', ?),"
                + " ('profile', ?), ('post', ?) ON CONFLICT DO NOTHING", root, OWNER, uncounted);

        inOneTransaction(() -> assertThat(fullRecount.recountIfDue()).isPositive());

        assertThat(jdbc.queryForList("SELECT kind || ' ' || key FROM skybatch.aggregate_recount", String.class))
                .as("the threads step's notes of counted keys are done; one the pass did not count is left")
                .containsExactly("post " + uncounted);
        assertThat(recounter.recountNext(100)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT \"likeCount\" FROM bsky.post_agg WHERE uri = ?", Long.class, root))
                .isEqualTo(2);
    }
}
