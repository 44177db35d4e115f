package skybatch.jobs.labels;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import skybatch.jobs.testing.ChildProcesses;
import skybatch.jobs.testing.LabelerDocuments;
import skybatch.readers.crypto.Curve;
import skybatch.readers.firehose.Journal;
import skybatch.readers.labels.TestLabeler;
import skybatch.writers.testing.TestDatabase;

/**
 * {@code labels tail --drain} in its own JVM, killed with SIGKILL at random points of its run and started again,
 * against the same journal applied by one uninterrupted run into a second database: both {@code label} tables and
 * quarantines must be the same, every label, negation and re-label applied as if nothing had happened.
 */
class LabelTailProcessTest {

    private static final TestLabeler LABELER = new TestLabeler("did:plc:killedlabelerkilledlabe", Curve.K256);
    private static final int MESSAGES = 3000;
    private static final String[] VALUES = {"spam", "porn", "rude", "!hide"};

    @TempDir
    Path dir;

    private TestDatabase killed;
    private TestDatabase uninterrupted;
    private ChildProcesses processes;
    private long lastSeq;

    @BeforeEach
    void setUp() {
        killed = TestDatabase.migrated();
        uninterrupted = TestDatabase.migrated();
        for (TestDatabase database : List.of(killed, uninterrupted)) {
            LabelerDocuments.store(new JdbcTemplate(database.dataSource()), LABELER, "https://labeler.invalid");
        }
        processes = new ChildProcesses(dir);
    }

    @AfterEach
    void tearDown() {
        killed.close();
        uninterrupted.close();
    }

    /**
     * Labels of 200 subjects, one to three a message, often re-labelled and negated in later messages (so that the
     * order of the writes matters), and now and then a forged label or a frame that does not decode.
     */
    private void writeJournal() {
        Random random = new Random(12);
        Instant cts = Instant.parse("2026-12-01T00:00:00Z");
        long seq = 0;
        try (Journal journal = Journal.open(dir.resolve("labels").resolve(LABELER.did()))) {
            for (int i = 0; i < MESSAGES; i++) {
                int count = 1 + random.nextInt(3);
                List<Map<String, Object>> labels = new ArrayList<>();
                for (int j = 0; j < count; j++) {
                    int subject = random.nextInt(200);
                    String uri = subject % 3 == 0 ? "did:plc:subject" + subject
                            : "at://did:plc:author" + subject + "/app.bsky.feed.post/3k" + subject;
                    Map<String, Object> label = LABELER.label(uri, null, VALUES[random.nextInt(VALUES.length)],
                            random.nextInt(4) == 0, cts.plusSeconds(i).toString(),
                            random.nextInt(10) == 0 ? cts.plusSeconds(i + 3600).toString() : null);
                    if (random.nextInt(100) == 0) {
                        label = new HashMap<>(label);
                        label.put("val", "forged");
                    }
                    labels.add(label);
                }
                seq++;
                if (random.nextInt(300) == 0) {
                    journal.append(seq, Instant.now(), new byte[] {(byte) 0xa1, (byte) i});
                } else {
                    @SuppressWarnings("unchecked")
                    Map<String, Object>[] array = labels.toArray(new Map[0]);
                    journal.append(seq, Instant.now(), TestLabeler.message(seq, array));
                }
            }
        }
        lastSeq = seq;
    }

    private Process tail(TestDatabase database) throws Exception {
        return processes.start(Map.of("DATABASE_URL", database.jdbcUrl(),
                "SKYBATCH_LABELERS", LABELER.did() + "=wss://labeler.invalid",
                "SKYBATCH_LABELS_JOURNALS", dir.resolve("labels").toString(),
                "SKYBATCH_LABELS_CHUNK_SIZE", "25", "SKYBATCH_HOME", dir.resolve("home").toString()),
                "labels", "tail", "--drain");
    }

    private static List<String> labels(TestDatabase database) {
        return new JdbcTemplate(database.dataSource()).queryForList("SELECT concat_ws(' ', src, uri, cid, val, neg, cts,"
                + " coalesce(exp, '-')) FROM bsky.label ORDER BY src, uri, cid, val", String.class);
    }

    private static List<String> quarantine(TestDatabase database) {
        return new JdbcTemplate(database.dataSource()).queryForList("SELECT concat_ws(' ', source, position, reason)"
                + " FROM skybatch.quarantine ORDER BY position, reason", String.class);
    }

    @Test
    void killedAtRandomPointsTheTailEndsWithTheLabelsOfAnUninterruptedRun() throws Exception {
        writeJournal();
        Process whole = tail(uninterrupted);
        assertThat(whole.waitFor()).as(processes.logs()).isZero();

        Random random = new Random(13);
        JdbcTemplate jdbc = new JdbcTemplate(killed.dataSource());
        long point = 0;
        for (int kill = 0; kill < 3; kill++) {
            point += 1 + random.nextInt((int) (lastSeq / 4));
            assertThat(processes.killAfter(tail(killed), () -> ChildProcesses.appliedSeq(jdbc), point))
                    .as("killed while it ran, after seq " + point).isTrue();
        }
        Process last = tail(killed);
        assertThat(last.waitFor()).as(processes.logs()).isZero();

        List<String> expected = labels(uninterrupted);
        assertThat(expected).hasSizeGreaterThan(500).anyMatch(row -> row.contains(" t 2026-"));
        assertThat(labels(killed)).isEqualTo(expected);
        assertThat(quarantine(uninterrupted)).isNotEmpty();
        assertThat(quarantine(killed)).isEqualTo(quarantine(uninterrupted));
        assertThat(jdbc.queryForObject("SELECT seq FROM skybatch.firehose_position", Long.class)).isEqualTo(lastSeq);
    }
}
