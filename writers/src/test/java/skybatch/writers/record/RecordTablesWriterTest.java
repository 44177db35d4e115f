package skybatch.writers.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import skybatch.writers.record.Rows.LikeRow;
import skybatch.writers.record.Rows.RecordRow;
import skybatch.writers.testing.TestDatabase;

/** What a chunk's write does besides its rows: the order they go in, and the counts it notes or leaves. */
class RecordTablesWriterTest {

    private static final String DID = "did:plc:writer" + "w".repeat(18);

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private RecordTablesWriter writer;

    @BeforeEach
    void start() {
        database = TestDatabase.migrated();
        jdbc = new JdbcTemplate(database.dataSource());
        writer = new RecordTablesWriter(database.dataSource(), "bsky");
    }

    @AfterEach
    void stop() {
        database.close();
    }

    /** Likes of distinct posts, in descending key order. */
    private static List<IndexedRecord> likes(int n) {
        List<IndexedRecord> likes = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {
            String uri = "at://" + DID + "/app.bsky.feed.like/3kl" + String.format("%03d", i);
            String subject = "at://" + DID + "/app.bsky.feed.post/p" + i;
            likes.add(new IndexedRecord(new RecordRow(uri, "bafy" + i, DID, "{}", "2026-01-01T00:00:00.000Z"),
                    List.of(new LikeRow(uri, "bafy" + i, DID, subject, "bafyp", null, null,
                            "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"))));
        }
        return likes;
    }

    private void write(List<IndexedRecord> records, Recounts recounts) {
        new TransactionTemplate(new DataSourceTransactionManager(database.dataSource())).executeWithoutResult(s -> {
            try {
                writer.write(List.of(), records, recounts);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void rowsGoInInTheOrderOfTheirPrimaryKey() {
        List<IndexedRecord> likes = likes(50);

        write(likes, Recounts.NOTED);

        List<String> sorted = likes.stream().map(IndexedRecord::uri).sorted(Comparator.naturalOrder()).toList();
        assertThat(jdbc.queryForList("SELECT uri FROM bsky.\"like\" ORDER BY ctid", String.class))
                .as("the heap's order is the order of the COPY").isEqualTo(sorted);
        assertThat(jdbc.queryForList("SELECT uri FROM bsky.record ORDER BY ctid", String.class)).isEqualTo(sorted);
    }

    @Test
    void aWriteNotesTheCountsItChangesUnlessAFullRecountFollows() {
        write(likes(3), Recounts.FULL_RECOUNT_FOLLOWS);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM skybatch.aggregate_recount", Long.class)).isZero();

        write(likes(5).subList(0, 2), Recounts.NOTED);
        assertThat(jdbc.queryForList("SELECT key FROM skybatch.aggregate_recount WHERE kind = 'post' ORDER BY key",
                String.class)).containsExactly("at://" + DID + "/app.bsky.feed.post/p3",
                "at://" + DID + "/app.bsky.feed.post/p4");
        assertThat(jdbc.queryForList("SELECT key FROM skybatch.aggregate_recount WHERE kind = 'profile'",
                String.class)).isEmpty();
    }
}
