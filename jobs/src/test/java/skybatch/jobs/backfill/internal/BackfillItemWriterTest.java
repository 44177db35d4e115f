package skybatch.jobs.backfill.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import skybatch.writers.backfill.BackfillQueue;
import skybatch.writers.quarantine.QuarantineRepository;
import skybatch.writers.record.IndexedChange;
import skybatch.writers.record.RecordChangeWriter;
import skybatch.writers.record.RecordMapper;
import skybatch.writers.record.RecordTablesWriter;
import skybatch.writers.record.Recounts;
import skybatch.writers.testing.TestDatabase;

/** A chunk as the backfill's writer applies it, in one transaction on a real PostgreSQL. */
class BackfillItemWriterTest {

    private static final long RUN = 7;
    private static final String DID = "did:plc:" + "w".repeat(24);
    private static final String INDEXED_AT = "2026-01-01T00:00:01.000Z";

    private static BackfillItem post(String rkey, String text) {
        return new BackfillItem.Indexed(new IndexedChange.Indexed(RecordMapper.map(DID, "app.bsky.feed.post", rkey,
                "bafy" + rkey + text.length(), Map.of("$type", "app.bsky.feed.post", "text", text,
                        "createdAt", "2026-01-01T00:00:00Z"), INDEXED_AT), false));
    }

    private static String uri(String rkey) {
        return "at://" + DID + "/app.bsky.feed.post/" + rkey;
    }

    /**
     * A repository holds each record once, so a second change of one URI in a chunk is bad input: it is
     * quarantined naming the record, the first is written, and the rest of the chunk with it.
     */
    @Test
    void aRecordTwiceInOneChunkKeepsTheFirstAndQuarantinesTheSecond() throws Exception {
        try (TestDatabase database = TestDatabase.migrated()) {
            JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
            BackfillItemWriter writer = new BackfillItemWriter(new RecordChangeWriter(
                    new RecordTablesWriter(database.dataSource(), "bsky"),
                    new QuarantineRepository(database.dataSource())),
                    new BackfillQueue(database.dataSource(), "bsky"), Recounts.NOTED, RUN);

            new TransactionTemplate(new DataSourceTransactionManager(database.dataSource())).executeWithoutResult(s -> {
                try {
                    writer.write(Chunk.of(post("p1", "first"), post("p2", "other"), post("p1", "second"),
                            post("p3", "last")));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            assertThat(jdbc.queryForList("SELECT uri || ' ' || text FROM bsky.post ORDER BY uri", String.class))
                    .containsExactly(uri("p1") + " first", uri("p2") + " other", uri("p3") + " last");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM bsky.record", Long.class)).isEqualTo(3);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM skybatch.quarantine", Long.class)).isOne();
            assertThat(jdbc.queryForMap("SELECT job_execution_id, source, position, did, reason, raw"
                    + " FROM skybatch.quarantine")).containsEntry("job_execution_id", RUN)
                    .containsEntry("source", "at://" + DID).containsEntry("position", "app.bsky.feed.post/p1")
                    .containsEntry("did", DID)
                    .containsEntry("reason", "duplicate record: " + uri("p1") + " comes twice in one chunk;"
                            + " the first is kept")
                    .hasEntrySatisfying("raw", raw -> assertThat((String) raw).contains("\"text\":\"second\""));
        }
    }
}
