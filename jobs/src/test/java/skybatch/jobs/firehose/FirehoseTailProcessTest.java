package skybatch.jobs.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static skybatch.jobs.testing.FirehoseFrames.map;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import skybatch.jobs.testing.ChildProcesses;
import skybatch.jobs.testing.FirehoseFrames;
import skybatch.jobs.testing.TestSigner;
import skybatch.readers.firehose.Journal;
import skybatch.writers.testing.TestDatabase;

/**
 * The tail in its own JVM, killed with SIGKILL at two moments of its run, then run again: the tables must hold
 * exactly what the journal leads to, every record once, every bad frame quarantined once.
 */
class FirehoseTailProcessTest {

    private static final int REPOS = 40;
    private static final int COMMITS = 1500;
    private static final int BAD_FRAMES = 5;

    @TempDir
    Path dir;

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private ChildProcesses processes;
    private final Map<String, String> expectedRecords = new TreeMap<>();
    private final Map<String, String> expectedRevs = new TreeMap<>();
    private long lastSeq;

    @BeforeEach
    void setUp() {
        database = TestDatabase.migrated();
        jdbc = new JdbcTemplate(database.dataSource());
        processes = new ChildProcesses(dir);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    /** Random creates, updates and deletes of posts and likes by REPOS accounts, and a few bad frames. */
    private void writeJournal() {
        TestSigner key = new TestSigner("process");
        List<FirehoseFrames> repos = new ArrayList<>();
        for (int i = 0; i < REPOS; i++) {
            String did = "did:plc:proc" + "a".repeat(18) + (char) ('a' + i / 26) + (char) ('a' + i % 26);
            repos.add(new FirehoseFrames(did, key));
        }
        Random random = new Random(11);
        long seq = 0;
        try (Journal journal = Journal.open(dir.resolve("journal"))) {
            for (int i = 0; i < COMMITS; i++) {
                FirehoseFrames repo = repos.get(random.nextInt(REPOS));
                FirehoseFrames.Commit commit = repo.commit();
                String path = (random.nextBoolean() ? "app.bsky.feed.post/" : "app.bsky.feed.like/")
                        + "r" + random.nextInt(30);
                boolean exists = repo.records().containsKey("at://" + repo.did() + "/" + path);
                if (exists && random.nextInt(3) == 0) {
                    commit.delete(path);
                } else if (path.startsWith("app.bsky.feed.post/")) {
                    Map<String, Object> post = map("$type", "app.bsky.feed.post", "text", "post " + i,
                            "createdAt", "2024-05-01T12:00:00Z");
                    if (exists) {
                        commit.update(path, post);
                    } else {
                        commit.create(path, post);
                    }
                } else if (!exists) {
                    // a subject of its own: a second like of the same post by the same account stays out
                    commit.create(path, map("$type", "app.bsky.feed.like", "subject", map("uri",
                            "at://" + repos.get(0).did() + "/app.bsky.feed.post/" + path.hashCode(), "cid",
                            "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm"),
                            "createdAt", "2024-05-01T12:00:00Z"));
                } else {
                    commit.delete(path);
                }
                journal.append(++seq, Instant.now(), commit.at(seq));
                if (i % (COMMITS / BAD_FRAMES) == 0) {
                    journal.append(++seq, Instant.now(), new byte[] {(byte) 0xa1, (byte) i});
                }
            }
        }
        lastSeq = seq;
        for (FirehoseFrames repo : repos) {
            expectedRecords.putAll(repo.records());
            if (repo.rev() != null) {
                expectedRevs.put(repo.did(), repo.rev());
            }
            jdbc.update("INSERT INTO skybatch.actor_identity (did, signing_key, plc_cid, plc_created_at)"
                    + " VALUES (?, ?, 'bafy', now())", repo.did(), key.didKey());
        }
    }

    private Process tail() throws IOException {
        return processes.start(Map.of("DATABASE_URL", database.jdbcUrl(), "SKYBATCH_FIREHOSE_JOURNAL",
                dir.resolve("journal").toString(), "SKYBATCH_FIREHOSE_CHUNK_SIZE", "40"), "firehose", "tail", "--drain");
    }

    private void killAfter(Process process, long seq) throws Exception {
        processes.killAfter(process, () -> ChildProcesses.appliedSeq(jdbc), seq);
    }

    @Test
    void killedTwiceTheTailEndsWithTheRowsOfAnUninterruptedRun() throws Exception {
        writeJournal();

        killAfter(tail(), lastSeq / 4);
        killAfter(tail(), lastSeq / 2);
        Process last = tail();
        assertThat(last.waitFor()).as(processes.logs()).isZero();

        Map<String, String> records = new TreeMap<>();
        jdbc.query("SELECT uri, cid FROM bsky.record", rs -> {
            records.put(rs.getString(1), rs.getString(2));
        });
        assertThat(records).isEqualTo(expectedRecords);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM bsky.post", Long.class)).isEqualTo(
                expectedRecords.keySet().stream().filter(u -> u.contains("/app.bsky.feed.post/")).count());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM bsky.\"like\"", Long.class)).isEqualTo(
                expectedRecords.keySet().stream().filter(u -> u.contains("/app.bsky.feed.like/")).count());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM bsky.feed_item", Long.class)).isEqualTo(
                expectedRecords.keySet().stream().filter(u -> u.contains("/app.bsky.feed.post/")).count());
        Map<String, String> revs = new TreeMap<>();
        jdbc.query("SELECT did, \"repoRev\" FROM bsky.actor_sync", rs -> {
            revs.put(rs.getString(1), rs.getString(2));
        });
        assertThat(revs).isEqualTo(expectedRevs);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM skybatch.quarantine", Long.class))
                .isEqualTo(BAD_FRAMES);
        assertThat(jdbc.queryForObject("SELECT seq FROM skybatch.firehose_position", Long.class)).isEqualTo(lastSeq);
    }
}
