package skybatch.writers.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import skybatch.writers.aggregate.AggregateRecounter;
import skybatch.writers.record.RecordTablesWriter.Conflicts;
import skybatch.writers.testing.TestDatabase;

/**
 * A second like of one post by one account is kept in {@code record} and noted in {@code duplicate_record}; when the
 * first is deleted the oldest duplicate is indexed in its place, with its counts; a deleted duplicate leaves no row.
 * As the tail (conflicts expected) and the backfill (rare) write.
 */
class DuplicateRecordsTest {

    private static final String DID = "did:plc:duplicate" + "d".repeat(15);
    private static final String POST = "at://did:plc:" + "p".repeat(24) + "/app.bsky.feed.post/p1";

    private static IndexedRecord like(String rkey, String indexedAt) {
        return RecordMapper.map(DID, "app.bsky.feed.like", rkey, "bafy" + rkey, Map.of("$type", "app.bsky.feed.like",
                "subject", Map.of("uri", POST, "cid", "bafypost"), "createdAt", "2026-01-01T00:00:00Z"), indexedAt);
    }

    private static String uri(String rkey) {
        return "at://" + DID + "/app.bsky.feed.like/" + rkey;
    }

    private static void write(TestDatabase database, RecordTablesWriter writer, Collection<String> removed,
            List<IndexedRecord> records) {
        new TransactionTemplate(new DataSourceTransactionManager(database.dataSource())).executeWithoutResult(s -> {
            try {
                writer.write(removed, records);
                new AggregateRecounter(database.dataSource(), "bsky").recountNext(100);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Conflicts.class)
    void theOldestDuplicateTakesTheDeletedRecordsPlaceAndADeletedDuplicateLeavesNoRow(Conflicts conflicts) {
        try (TestDatabase database = TestDatabase.migrated()) {
            JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
            RecordTablesWriter writer = new RecordTablesWriter(database.dataSource(), "bsky", conflicts);

            write(database, writer, List.of(), List.of(like("l1", "2026-01-01T00:00:01.000Z")));
            // the later duplicate comes in the same chunk as the earlier, which is the older
            write(database, writer, List.of(), List.of(like("l3", "2026-01-01T00:00:03.000Z"),
                    like("l2", "2026-01-01T00:00:02.000Z")));
            write(database, writer, List.of(), List.of(like("l2", "2026-01-01T00:00:02.000Z"))); // a replay

            assertThat(jdbc.queryForList("SELECT uri || ' ' || \"duplicateOf\" || ' ' || cid || ' ' || \"indexedAt\""
                    + " FROM bsky.duplicate_record ORDER BY uri", String.class)).containsExactly(
                    uri("l2") + " " + uri("l1") + " bafyl2 2026-01-01T00:00:02.000Z",
                    uri("l3") + " " + uri("l1") + " bafyl3 2026-01-01T00:00:03.000Z");
            assertThat(jdbc.queryForList("SELECT uri FROM bsky.\"like\"", String.class)).containsExactly(uri("l1"));
            assertThat(jdbc.queryForObject("SELECT count(*) FROM bsky.record", Long.class)).isEqualTo(3);
            assertThat(jdbc.queryForObject("SELECT \"likeCount\" FROM bsky.post_agg WHERE uri = ?", Long.class, POST))
                    .isEqualTo(1);

            write(database, writer, List.of(uri("l1")), List.of());

            assertThat(jdbc.queryForList("SELECT uri || ' ' || cid || ' ' || \"indexedAt\" FROM bsky.\"like\"",
                    String.class)).containsExactly(uri("l2") + " bafyl2 2026-01-01T00:00:02.000Z");
            assertThat(jdbc.queryForObject("SELECT \"likeCount\" FROM bsky.post_agg WHERE uri = ?", Long.class, POST))
                    .as("the promoted like counts in place of the deleted one").isEqualTo(1);

            write(database, writer, List.of(uri("l3")), List.of());

            assertThat(jdbc.queryForList("SELECT uri FROM bsky.duplicate_record", String.class))
                    .as("as the app-view's, the promoted like keeps its row").containsExactly(uri("l2"));
            assertThat(jdbc.queryForList("SELECT uri FROM bsky.\"like\"", String.class)).containsExactly(uri("l2"));
        }
    }

    @ParameterizedTest
    @EnumSource(Conflicts.class)
    void anAccountsRemovalForgetsItsRecordsDuplicatesAndPromotesNone(Conflicts conflicts) {
        try (TestDatabase database = TestDatabase.migrated()) {
            JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
            RecordTablesWriter writer = new RecordTablesWriter(database.dataSource(), "bsky", conflicts);
            write(database, writer, List.of(), List.of(like("l1", "2026-01-01T00:00:01.000Z")));
            write(database, writer, List.of(), List.of(like("l2", "2026-01-01T00:00:02.000Z")));
            assertThat(jdbc.queryForObject("SELECT count(*) FROM bsky.duplicate_record", Long.class)).isEqualTo(1);

            new TransactionTemplate(new DataSourceTransactionManager(database.dataSource())).executeWithoutResult(
                    s -> {
                        try {
                            writer.removeAccount(List.of(uri("l1")));
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });

            assertThat(jdbc.queryForObject("SELECT count(*) FROM bsky.duplicate_record", Long.class)).isZero();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM bsky.\"like\"", Long.class)).isZero();
        }
    }
}
