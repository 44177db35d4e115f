package skybatch.writers.label;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import skybatch.writers.testing.TestDatabase;

/** Labels as the app-view reads them, on a real PostgreSQL with skybatch's migrations. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabelWriterTest {

    private static final String LABELER = "did:plc:labeler";
    private static final String POST = "at://did:plc:alice/app.bsky.feed.post/3kabc";

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private LabelWriter writer;

    @BeforeAll
    void open() {
        database = TestDatabase.migrated();
        jdbc = new JdbcTemplate(database.dataSource());
        writer = new LabelWriter(database.dataSource(), "bsky");
    }

    @AfterAll
    void close() {
        database.close();
    }

    @BeforeEach
    void empty() {
        jdbc.update("DELETE FROM bsky.label");
    }

    @Test
    void aNegationReplacesTheLabelAndAnOlderReplayChangesNothing() {
        writer.write(List.of(label(POST, null, "spam", false, "2026-12-01T09:00:00.000Z", null)));
        writer.write(List.of(label(POST, null, "spam", true, "2026-12-01T10:00:00.000Z", null)));
        writer.write(List.of(label(POST, null, "spam", false, "2026-12-01T09:00:00.000Z", null)));

        assertThat(rows()).containsExactly(Map.of("src", LABELER, "uri", POST, "cid", "", "val", "spam",
                "neg", true, "cts", "2026-12-01T10:00:00.000Z", "exp", "none"));
    }

    @Test
    void accountAndRecordLabelsWithAndWithoutCidAreRowsOfTheirOwn() {
        writer.write(List.of(
                label("did:plc:alice", null, "rude", false, "2026-12-01T09:00:00Z", "2026-12-08T09:00:00Z"),
                label(POST, "bafyreiaaa", "nudity", false, "2026-12-01T09:00:00Z", null),
                label(POST, null, "nudity", false, "2026-12-01T09:00:00Z", null)));

        assertThat(jdbc.queryForList("SELECT uri || ' ' || cid || ' ' || val || ' ' || coalesce(exp, '-')"
                + " FROM bsky.label ORDER BY uri, cid", String.class)).containsExactly(
                POST + "  nudity -", POST + " bafyreiaaa nudity -", "did:plc:alice  rude 2026-12-08T09:00:00Z");
    }

    @Test
    void ofSeveralLabelsForOneRowInOneCallTheNewestWins() {
        int written = writer.write(List.of(
                label(POST, null, "spam", false, "2026-12-01T09:00:00.000+01:00", null),
                label(POST, null, "spam", true, "2026-12-01T08:30:00.000Z", null),
                label(POST, null, "spam", false, "2026-12-01T07:00:00.000Z", null)));

        assertThat(written).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT neg FROM bsky.label", Boolean.class)).isTrue();
    }

    @Test
    void writesInTheCallersTransaction() {
        TransactionTemplate transaction = new TransactionTemplate(
                new DataSourceTransactionManager(database.dataSource()));
        transaction.executeWithoutResult(status -> {
            writer.write(List.of(label(POST, null, "spam", false, "2026-12-01T09:00:00Z", null)));
            status.setRollbackOnly();
        });

        assertThat(rows()).isEmpty();
    }

    private List<Map<String, Object>> rows() {
        return jdbc.queryForList("SELECT src, uri, cid, val, neg, cts, coalesce(exp, 'none') AS exp FROM bsky.label");
    }

    private static LabelRow label(String uri, String cid, String val, boolean neg, String cts, String exp) {
        return new LabelRow(LABELER, uri, cid, val, neg, cts, exp);
    }
}
