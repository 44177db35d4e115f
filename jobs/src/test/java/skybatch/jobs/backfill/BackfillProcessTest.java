package skybatch.jobs.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static skybatch.jobs.testing.SampleRepositories.POST;
import static skybatch.jobs.testing.SampleRepositories.map;
import static skybatch.jobs.testing.SampleRepositories.ref;
import static skybatch.jobs.testing.SampleRepositories.uri;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import skybatch.jobs.testing.ChildCli;
import skybatch.jobs.testing.FakePds;
import skybatch.jobs.testing.TableRows;
import skybatch.jobs.testing.TestRepository;
import skybatch.jobs.testing.TestSigner;
import skybatch.writers.testing.TestDatabase;

/**
 * The backfill in its own JVM, a first load onto empty tables, killed with SIGKILL at random points of the
 * workers' run and once inside the final whole-table recount, restarted with {@code jobs restart} each time: it must
 * end with exactly the rows of an uninterrupted run of the same repositories.
 */
class BackfillProcessTest {

    private static final int ACCOUNTS = 24;
    private static final int POSTS = 20;
    private static final List<String> TABLES = List.of("record", "post", "post_embed_record", "like", "repost",
            "follow", "actor_sync", "feed_item", "quote", "op_thread_reply", "post_agg", "profile_agg");

    @TempDir
    Path dir;

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private FakePds pds;
    private ChildCli cli;

    @BeforeEach
    void setUp() throws Exception {
        database = TestDatabase.migrated();
        jdbc = new JdbcTemplate(database.dataSource());
        pds = new FakePds();
        // slow enough downloads that the workers' run outlasts a few polls, small chunks so repositories span them
        pds.getRepoDelay(Duration.ofMillis(60));
        TestSigner key = new TestSigner("process");
        Random random = new Random(7);
        for (int a = 0; a < ACCOUNTS; a++) {
            pds.repo(did(a), repository(a, random).car(key).bytes());
        }
        cli = new ChildCli(dir, database.jdbcUrl()).with("SKYBATCH_BACKFILL_CHUNK_SIZE", "40")
                .with("SKYBATCH_BACKFILL_PARTITIONS", "2");
    }

    @AfterEach
    void tearDown() {
        pds.close();
        database.close();
    }

    /** Decimal digits spelled with letters: a valid did:plc, distinct for every i. */
    private static String did(int i) {
        StringBuilder id = new StringBuilder();
        for (char digit : String.format("%024d", i).toCharArray()) {
            id.append((char) ('a' + (digit - '0')));
        }
        return "did:plc:" + id;
    }

    private static String post(int account, int i) {
        return uri(did(account), POST, "3kp" + (char) ('a' + i / 26) + (char) ('a' + i % 26));
    }

    /** Posts (some replies to, some quotes of, other accounts' posts), likes, reposts and follows of others. */
    private static TestRepository repository(int account, Random random) {
        TestRepository repo = new TestRepository(did(account));
        String createdAt = "2024-05-0" + (1 + account % 9) + "T00:00:00Z";
        for (int i = 0; i < POSTS; i++) {
            Map<String, Object> value = new LinkedHashMap<>(
                    map("$type", POST, "text", "post " + i, "createdAt", createdAt));
            String other = post((account + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS, 2 * random.nextInt(POSTS / 2));
            if (i % 4 == 1) {
                value.put("reply", map("root", ref(other), "parent", ref(other)));
            } else if (i % 7 == 3) {
                value.put("embed", map("$type", "app.bsky.embed.record", "record", ref(other)));
            }
            repo.record(POST, post(account, i).substring(post(account, i).lastIndexOf('/') + 1), value);
        }
        for (int i = 0; i < 30; i++) {
            String subject = post(random.nextInt(ACCOUNTS), random.nextInt(POSTS));
            repo.record(i < 26 ? "app.bsky.feed.like" : "app.bsky.feed.repost", "3kl" + (char) ('a' + i),
                    map("$type", i < 26 ? "app.bsky.feed.like" : "app.bsky.feed.repost", "subject", ref(subject),
                            "createdAt", createdAt));
        }
        for (int i = 0; i < 5; i++) {
            repo.record("app.bsky.graph.follow", "3kf" + (char) ('a' + i), map("$type", "app.bsky.graph.follow",
                    "subject", did((account + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS), "createdAt", createdAt));
        }
        return repo;
    }

    private Process backfill() throws Exception {
        return cli.start("backfill", "--pds", pds.url(), "--no-verify-signatures");
    }

    private Process restart() throws Exception {
        Long execution = jdbc.queryForObject("SELECT max(job_execution_id) FROM skybatch.batch_job_execution",
                Long.class);
        return cli.start("jobs", "restart", Long.toString(execution));
    }

    private void awaitCompletion(Process process) throws Exception {
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("still running: " + cli.logs()).isTrue();
        assertThat(process.exitValue()).as(cli.logs()).isZero();
    }

    private long done() {
        try {
            return jdbc.queryForObject("SELECT count(*) FROM skybatch.backfill_repo WHERE status = 'done'", Long.class);
        } catch (RuntimeException noQueueYet) {
            return 0;
        }
    }

    /** Kills the process once {@code repositories} are done; false if it ended first. */
    private boolean killOnceDone(Process process, long repositories) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (done() < repositories) {
            if (!process.isAlive()) {
                return false;
            }
            assertThat(Instant.now()).as("no progress: " + cli.logs()).isBefore(deadline);
            Thread.sleep(5);
        }
        ChildCli.kill(process);
        return true;
    }

    private Map<String, List<Map<String, Object>>> rows() {
        Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>(TableRows.of(jdbc, TABLES));
        rows.put("notification", jdbc.queryForList("SELECT did, \"recordUri\", \"recordCid\", author, reason,"
                + " \"reasonSubject\" FROM bsky.notification ORDER BY 1, 2, 3, 4, 5, 6"));
        return rows;
    }

    private void emptyTables() {
        jdbc.execute("TRUNCATE skybatch.backfill_repo, skybatch.backfill_listing, skybatch.aggregate_recount,"
                + " bsky.notification, " + String.join(", ", TABLES.stream().map(t -> "bsky.\"" + t + "\"").toList()));
    }

    /** The backend of a killed process that waits for the lock on the full recount's note. */
    private boolean recountWaitsForTheLock() {
        return jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                + " AND query LIKE '%DELETE FROM skybatch.aggregate_recount WHERE kind = ''all''%'", Long.class) > 0;
    }

    private List<Map<String, Object>> indexes() {
        return jdbc.queryForList("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'bsky'"
                + " ORDER BY indexname");
    }

    private long droppedIndexes() {
        return jdbc.queryForObject("SELECT count(*) FROM skybatch.first_load_index", Long.class);
    }

    @Test
    void killedAtRandomPointsAndInTheFinalRecountItEndsWithTheRowsOfAnUninterruptedRun() throws Exception {
        List<Map<String, Object>> schemaIndexes = indexes();
        awaitCompletion(backfill());
        assertThat(indexes()).as("the first load built its secondary indexes again").isEqualTo(schemaIndexes);
        Map<String, List<Map<String, Object>>> expected = rows();
        assertThat(expected.get("record")).hasSize(ACCOUNTS * (POSTS + 35));
        assertThat(expected.get("post_agg")).isNotEmpty();
        assertThat(expected.get("notification")).isNotEmpty();
        emptyTables();

        long seed = System.nanoTime();
        Random random = new Random(seed);
        String where = "seed " + seed;
        long first = 1 + random.nextInt(ACCOUNTS / 3);
        long second = first + 1 + random.nextInt(ACCOUNTS / 3);
        assertThat(killOnceDone(backfill(), first)).as(where + ": ended before " + first + " repositories").isTrue();
        assertThat(droppedIndexes()).as(where + ": killed in the records, without their secondary indexes")
                .isPositive();
        assertThat(indexes()).hasSize(schemaIndexes.size() - (int) droppedIndexes());
        assertThat(killOnceDone(restart(), second)).as(where + ": ended before " + second).isTrue();

        // hold the full recount's note: the restart's full recount step waits for it inside its transaction, and
        // dies there
        List<Process> killed = new ArrayList<>();
        try (Connection holder = database.dataSource().getConnection()) {
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                assertThat(lock.executeQuery("SELECT key FROM skybatch.aggregate_recount WHERE kind = 'all'"
                        + " FOR UPDATE").next()).as(where + ": the first load's note is there").isTrue();
            }
            Process inRecount = restart();
            killed.add(inRecount);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
            while (!recountWaitsForTheLock()) {
                assertThat(inRecount.isAlive()).as(where + ": " + cli.logs()).isTrue();
                assertThat(Instant.now()).as(where + ": never reached the recount: " + cli.logs()).isBefore(deadline);
                Thread.sleep(20);
            }
            ChildCli.kill(inRecount);
            holder.rollback();
        }
        // its backend runs the statement once the lock is free, finds its client gone and rolls back
        Instant gone = Instant.now().plus(Duration.ofSeconds(60));
        while (recountWaitsForTheLock() || jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE query"
                + " LIKE '%DELETE FROM skybatch.aggregate_recount WHERE kind = ''all''%' AND state = 'active'",
                Long.class) > 0) {
            assertThat(Instant.now()).isBefore(gone);
            Thread.sleep(20);
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM skybatch.aggregate_recount WHERE kind = 'all'",
                Long.class)).as(where + ": the killed recount committed nothing").isEqualTo(1);
        assertThat(done()).isEqualTo(ACCOUNTS);

        awaitCompletion(restart());

        assertThat(rows()).as(where).isEqualTo(expected);
        assertThat(indexes()).as(where).isEqualTo(schemaIndexes);
        assertThat(droppedIndexes()).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM skybatch.aggregate_recount", Long.class)).isZero();
        assertThat(jdbc.queryForList("SELECT status FROM skybatch.batch_job_execution ORDER BY job_execution_id",
                String.class)).as(where + ": " + killed).containsExactly("COMPLETED", "FAILED", "FAILED", "FAILED",
                "COMPLETED");
    }
}
