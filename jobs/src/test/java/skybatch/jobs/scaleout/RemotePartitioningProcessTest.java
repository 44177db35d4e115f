package skybatch.jobs.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static skybatch.jobs.testing.SampleRepositories.POST;
import static skybatch.jobs.testing.SampleRepositories.map;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import skybatch.jobs.SkybatchApplication;
import skybatch.jobs.testing.FakePds;
import skybatch.jobs.testing.TestBroker;
import skybatch.jobs.testing.TestRepository;
import skybatch.jobs.testing.TestSigner;
import skybatch.readers.testing.ChildJvm;
import skybatch.writers.testing.TestDatabase;

/**
 * Remote partitioning end to end, against the machine's RabbitMQ on 127.0.0.1:5672 and a real PostgreSQL: a manager
 * ({@code backfill} with SKYBATCH_AMQP_URL) and {@code worker} processes backfill the repositories of six PDS
 * stand-ins, each PDS cut into two slices (its concurrency), twelve partitions. Whatever happens mid-run (a worker
 * killed with SIGKILL, the broker restarted, {@code jobs stop}), the tables end exactly as after a backfill in one
 * process, and no PDS ever answered more requests at once than its concurrency. Each test's queue is its own.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemotePartitioningProcessTest {

    private static final int PDSES = 6;
    private static final int REPOS_PER_PDS = 8;
    private static final int POSTS_PER_REPO = 15;
    private static final int PDS_CONCURRENCY = 2;
    private static final int PARTITIONS = PDSES * PDS_CONCURRENCY;
    private static final String RESTARTS_THE_BROKER = "restarts-the-broker";

    private Path dir;
    private String queue;
    private final List<FakePds> pdses = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final TestSigner key = new TestSigner("scale-out");
    private final List<String> dids = new ArrayList<>();
    private Map<String, List<String>> localTables;
    private TestDatabase remoteDatabase;
    private AutoCloseable broker;

    /** The PDSes, and the rows a backfill of them in one process leaves: what every remote run must end with. */
    @BeforeAll
    void backfillLocally(@TempDir Path localDir) throws Exception {
        for (int p = 0; p < PDSES; p++) {
            FakePds pds = new FakePds();
            for (int r = 0; r < REPOS_PER_PDS; r++) {
                String did = "did:plc:scale" + "x".repeat(17) + (char) ('a' + p) + (char) ('a' + r);
                TestRepository repo = new TestRepository(did);
                for (int i = 0; i < POSTS_PER_REPO; i++) {
                    repo.record(POST, "3k" + i, map("$type", POST, "text", "post " + i + " of " + did,
                            "createdAt", "2024-05-01T12:00:00Z"));
                }
                pds.repo(did, repo.car(key).bytes());
                dids.add(did);
            }
            pdses.add(pds);
        }
        dir = localDir;
        try (TestDatabase localDatabase = seeded()) {
            Process local = cli(localDatabase, false, "local", "backfill", "--pds", pdsList());
            assertThat(local.waitFor()).as(logs()).isZero();
            localTables = tables(localDatabase);
        }
        assertThat(localTables.get("record")).hasSize(PDSES * REPOS_PER_PDS * POSTS_PER_REPO);
    }

    /** Holds the broker: shared, or alone for the test that restarts it (tests in other JVMs would see that). */
    @BeforeEach
    void setUp(@TempDir Path testDir, TestInfo test) {
        broker = TestBroker.hold(test.getTags().contains(RESTARTS_THE_BROKER));
        dir = testDir;
        queue = TestBroker.uniqueQueue("skybatch.test");
        remoteDatabase = seeded();
    }

    @AfterEach
    void tearDown() throws Exception {
        processes.forEach(Process::destroyForcibly);
        processes.clear();
        remoteDatabase.close();
        TestBroker.deleteQueue(TestBroker.URL, queue);
        broker.close();
        for (FakePds pds : pdses) {
            assertThat(pds.mostGetReposAtOnce()).as("getRepo requests at once on " + pds.url())
                    .isBetween(1, PDS_CONCURRENCY);
        }
    }

    @AfterAll
    void closePdses() {
        pdses.forEach(FakePds::close);
    }

    @Test
    void aKilledWorkerFailsTheRunAndTheRestartEndsWithTheRowsOfALocalRun() throws Exception {
        pdses.forEach(pds -> pds.getRepoDelay(Duration.ofMillis(250)));
        List<Process> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            workers.add(cli(remoteDatabase, true, "worker" + i, "worker", "--port", "0"));
        }
        Process manager = cli(remoteDatabase, true, "manager", "backfill", "--pds", pdsList());
        Process victim = workers.get(0);
        awaitRepoDoneInPartitionOf(victim.pid(), manager);
        victim.destroyForcibly().waitFor();

        assertThat(manager.waitFor()).as(logs()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("manager.log")))
                .contains("worker pid " + victim.pid() + " on ").contains("was lost in partition");
        JdbcTemplate remote = new JdbcTemplate(remoteDatabase.dataSource());
        assertThat(pendingRepos()).isPositive();

        long execution = lastExecution();
        Process restart = cli(remoteDatabase, true, "restart", "jobs", "restart", Long.toString(execution));
        assertThat(restart.waitFor()).as(logs()).isZero();
        // the restart sent only the partitions that had not completed
        assertThat(remote.queryForObject("SELECT count(*) FROM skybatch.batch_step_execution s"
                + " JOIN skybatch.batch_job_execution j USING (job_execution_id)"
                + " WHERE j.job_execution_id > ? AND s.step_name LIKE 'backfillReposWorkerStep:%'",
                Long.class, execution)).isLessThan(PARTITIONS);

        assertThat(tables(remoteDatabase)).isEqualTo(localTables);

        String health = health(1);
        assertThat(health).contains("\"status\":\"UP\"").contains("\"worker\":true");
        for (Process worker : workers.subList(1, 3)) {
            worker.destroy();
            assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as(logs()).isTrue();
            assertThat(worker.exitValue()).as(logs()).isZero();
        }
    }

    /**
     * The broker restarted while partitions run and others wait in its queue: the queue is durable, the requests
     * persistent and acknowledged only when their step has ended, so every partition runs, once, and the run
     * completes by itself.
     */
    @Test
    @Tag(RESTARTS_THE_BROKER)
    void aBrokerRestartMidRunLosesNoPartition() throws Exception {
        pdses.forEach(pds -> pds.getRepoDelay(Duration.ofMillis(250)));
        for (int i = 0; i < 2; i++) {
            cli(remoteDatabase, true, "worker" + i, "worker", "--port", "0");
        }
        Process manager = cli(remoteDatabase, true, "manager", "backfill", "--pds", pdsList());
        awaitPartitions(manager, "COMPLETED", 1);
        awaitRunningAndWaiting(manager);

        rabbitmqctl("stop_app");
        try {
            Thread.sleep(2_000);
        } finally {
            rabbitmqctl("start_app");
        }

        assertThat(manager.waitFor()).as(logs()).isZero();
        assertThat(new JdbcTemplate(remoteDatabase.dataSource()).queryForList("SELECT status FROM"
                + " skybatch.batch_step_execution WHERE step_name LIKE 'backfillReposWorkerStep:%'", String.class))
                .hasSize(PARTITIONS).containsOnly("COMPLETED");
        assertThat(tables(remoteDatabase)).isEqualTo(localTables);
    }

    /**
     * {@code jobs stop} on a remote run: the workers' partitions stop at their next chunk boundary, those still in
     * the queue end at once, the run ends STOPPED, and {@code jobs restart} completes it with the rows of an
     * uninterrupted run.
     */
    @Test
    void jobsStopStopsTheWorkersPartitionsAndJobsRestartCompletesTheRun() throws Exception {
        pdses.forEach(pds -> pds.getRepoDelay(Duration.ofMillis(600)));
        for (int i = 0; i < 2; i++) {
            cli(remoteDatabase, true, "worker" + i, "worker", "--port", "0");
        }
        Process manager = cli(remoteDatabase, true, "manager", "backfill", "--pds", pdsList());
        awaitWrites(manager);
        long execution = lastExecution();
        // the run must outlast the start of the stop's JVM: the workers' next chunks wait on the record table
        // until the stop is recorded (else, on a busy machine, the run could complete first)
        try (Connection holder = remoteDatabase.dataSource().getConnection()) {
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("LOCK TABLE bsky.record IN SHARE MODE");
            }
            Process stop = cli(remoteDatabase, true, "stop", "jobs", "stop", Long.toString(execution));
            assertThat(stop.waitFor()).as(logs()).isZero();
            assertThat(manager.isAlive()).as("the run waits on the record table: " + logs()).isTrue();
            holder.commit();
        }

        assertThat(manager.waitFor()).as(logs()).isEqualTo(3);
        JdbcTemplate remote = new JdbcTemplate(remoteDatabase.dataSource());
        assertThat(remote.queryForObject("SELECT status FROM skybatch.batch_job_execution WHERE job_execution_id = ?",
                String.class, execution)).isEqualTo("STOPPED");
        assertThat(partitions("STOPPED")).isPositive();
        assertThat(partitions("STARTED") + partitions("STARTING")).isZero();
        assertThat(pendingRepos()).isPositive();

        Process restart = cli(remoteDatabase, true, "restart", "jobs", "restart", Long.toString(execution));
        assertThat(restart.waitFor()).as(logs()).isZero();
        assertThat(tables(remoteDatabase)).isEqualTo(localTables);
    }

    /** Waits until the worker has claimed a partition and that partition has finished a repository. */
    private void awaitRepoDoneInPartitionOf(long workerPid, Process manager) throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(remoteDatabase.dataSource());
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            Long done = jdbc.queryForObject("""
                    SELECT count(*) FROM skybatch.partition_heartbeat h
                    JOIN skybatch.batch_step_execution s USING (step_execution_id)
                    WHERE h.worker_pid = ? AND s.write_count > 0
                    """, Long.class, workerPid);
            if (done != null && done > 0) {
                return;
            }
            if (!manager.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("worker " + workerPid + " did not get a partition going: " + logs());
            }
            Thread.sleep(20);
        }
    }

    /** Waits until {@code count} partitions of the run have this status. */
    private void awaitPartitions(Process manager, String status, long count) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (partitions(status) < count) {
            if (!manager.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("no " + count + " partitions " + status + ": " + logs());
            }
            Thread.sleep(20);
        }
    }

    /**
     * Waits for a moment when partitions run on the workers and others wait in the broker's queue (between two
     * partitions a worker has none running, so one look is not enough).
     */
    private void awaitRunningAndWaiting(Process manager) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (partitions("STARTING") == 0 || partitions("STARTED") == 0) {
            if (!manager.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("no moment with partitions both running and waiting in the queue: "
                        + logs());
            }
            Thread.sleep(5);
        }
    }

    /** Waits until a partition has committed a chunk of records. */
    private void awaitWrites(Process manager) throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(remoteDatabase.dataSource());
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (jdbc.queryForObject("SELECT count(*) FROM skybatch.batch_step_execution"
                + " WHERE step_name LIKE 'backfillReposWorkerStep:%' AND write_count > 0", Long.class) == 0) {
            if (!manager.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("no partition wrote: " + logs());
            }
            Thread.sleep(20);
        }
    }

    private long partitions(String status) {
        return new JdbcTemplate(remoteDatabase.dataSource()).queryForObject("SELECT count(*) FROM"
                + " skybatch.batch_step_execution WHERE step_name LIKE 'backfillReposWorkerStep:%' AND status = ?",
                Long.class, status);
    }

    private long pendingRepos() {
        return new JdbcTemplate(remoteDatabase.dataSource()).queryForObject(
                "SELECT count(*) FROM skybatch.backfill_repo WHERE status = 'pending'", Long.class);
    }

    private long lastExecution() {
        return new JdbcTemplate(remoteDatabase.dataSource()).queryForObject(
                "SELECT max(job_execution_id) FROM skybatch.batch_job_execution", Long.class);
    }

    private static void rabbitmqctl(String command) throws Exception {
        Process ctl = new ProcessBuilder("rabbitmqctl", command).redirectErrorStream(true).start();
        String output = new String(ctl.getInputStream().readAllBytes());
        assertThat(ctl.waitFor()).as("rabbitmqctl " + command + ": " + output).isZero();
    }

    /** A migrated database with the DIDs' signing keys, as the PLC import leaves them. */
    private TestDatabase seeded() {
        TestDatabase database = TestDatabase.migrated();
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        for (String did : dids) {
            jdbc.update("INSERT INTO skybatch.actor_identity (did, signing_key, plc_cid, plc_created_at)"
                    + " VALUES (?, ?, 'bafy', now())", did, key.didKey());
        }
        return database;
    }

    private String pdsList() {
        return String.join(",", pdses.stream().map(FakePds::url).toList());
    }

    /** Every row of the record tables and the queue that a backfill leaves, by table. */
    private static Map<String, List<String>> tables(TestDatabase database) {
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        Map<String, List<String>> rows = new TreeMap<>();
        rows.put("record", jdbc.queryForList("SELECT uri || ' ' || cid FROM bsky.record ORDER BY uri", String.class));
        rows.put("post", jdbc.queryForList("SELECT uri || ' ' || text FROM bsky.post ORDER BY uri", String.class));
        rows.put("feed_item", jdbc.queryForList("SELECT uri FROM bsky.feed_item ORDER BY uri", String.class));
        rows.put("profile_agg", jdbc.queryForList("SELECT did || ' ' || \"postsCount\" FROM bsky.profile_agg"
                + " ORDER BY did", String.class));
        rows.put("backfill_repo", jdbc.queryForList("SELECT did || ' ' || status || ' ' || commit_cid || ' '"
                + " || record_count FROM skybatch.backfill_repo ORDER BY did", String.class));
        return rows;
    }

    private Process cli(TestDatabase database, boolean remote, String name, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(ChildJvm.command("384m", SkybatchApplication.class, args))
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().put("DATABASE_URL", database.jdbcUrl());
        builder.environment().put("SKYBATCH_BACKFILL_PARTITIONS", remote ? Integer.toString(PARTITIONS) : "2");
        builder.environment().put("SKYBATCH_BACKFILL_PDS_CONCURRENCY", Integer.toString(PDS_CONCURRENCY));
        builder.environment().put("SKYBATCH_BACKFILL_CHUNK_SIZE", "20");
        if (remote) {
            builder.environment().put("SKYBATCH_AMQP_URL", TestBroker.URL);
            builder.environment().put("SKYBATCH_AMQP_QUEUE", queue);
            builder.environment().put("SKYBATCH_WORKER_CONCURRENCY", "1");
            builder.environment().put("SKYBATCH_WORKER_HEARTBEAT", "1s");
        }
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** GET /health of worker {@code index}, at the port its start-up line names. */
    private String health(int index) throws Exception {
        Pattern port = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/metrics");
        Path log = dir.resolve("worker" + index + ".log");
        Matcher matcher = port.matcher(Files.readString(log));
        assertThat(matcher.find()).as(Files.readString(log)).isTrue();
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + matcher.group(1) + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private String logs() throws IOException {
        StringBuilder text = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path log : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                text.append("== ").append(log.getFileName()).append('\n').append(Files.readString(log)).append('\n');
            }
        }
        return text.toString();
    }
}
