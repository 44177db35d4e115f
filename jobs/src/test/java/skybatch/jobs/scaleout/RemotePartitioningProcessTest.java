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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import skybatch.jobs.SkybatchApplication;
import skybatch.jobs.testing.FakePds;
import skybatch.jobs.testing.TestBroker;
import skybatch.jobs.testing.TestRepository;
import skybatch.jobs.testing.TestSigner;
import skybatch.writers.testing.TestDatabase;

/**
 * Remote partitioning end to end, against the machine's RabbitMQ on 127.0.0.1:5672 and a real PostgreSQL: a manager
 * ({@code backfill} with SKYBATCH_AMQP_URL) and three {@code worker} processes backfill the repositories of six PDS
 * stand-ins, one partition per PDS; one worker is killed with SIGKILL in the middle of a partition. The run fails
 * naming the lost worker, {@code jobs restart} sends what did not complete to the two left, and the tables end
 * exactly as after a backfill in one process. The queue's name is this run's own.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RemotePartitioningProcessTest {

    private static final int PDSES = 6;
    private static final int REPOS_PER_PDS = 8;
    private static final int POSTS_PER_REPO = 15;

    @TempDir
    Path dir;

    private final String queue = TestBroker.uniqueQueue("skybatch.test");
    private final List<FakePds> pdses = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final TestSigner key = new TestSigner("scale-out");
    private TestDatabase remoteDatabase;
    private TestDatabase localDatabase;

    @BeforeEach
    void setUp() throws IOException {
        remoteDatabase = TestDatabase.migrated();
        localDatabase = TestDatabase.migrated();
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
                for (TestDatabase database : List.of(remoteDatabase, localDatabase)) {
                    new JdbcTemplate(database.dataSource()).update("INSERT INTO skybatch.actor_identity"
                            + " (did, signing_key, plc_cid, plc_created_at) VALUES (?, ?, 'bafy', now())", did,
                            key.didKey());
                }
            }
            pdses.add(pds);
        }
    }

    @AfterEach
    void tearDown() {
        processes.forEach(Process::destroyForcibly);
        pdses.forEach(FakePds::close);
        remoteDatabase.close();
        localDatabase.close();
        TestBroker.deleteQueue(TestBroker.URL, queue);
    }

    @Test
    void aKilledWorkerFailsTheRunAndTheRestartEndsWithTheRowsOfALocalRun() throws Exception {
        String pdsList = String.join(",", pdses.stream().map(FakePds::url).toList());
        Process local = cli(localDatabase, false, "local", "backfill", "--pds", pdsList);
        assertThat(local.waitFor()).as(logs()).isZero();

        pdses.forEach(pds -> pds.getRepoDelay(Duration.ofMillis(250)));
        List<Process> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            workers.add(cli(remoteDatabase, true, "worker" + i, "worker", "--port", "0"));
        }
        Process manager = cli(remoteDatabase, true, "manager", "backfill", "--pds", pdsList);
        Process victim = workers.get(0);
        awaitRepoDoneInPartitionOf(victim.pid(), manager);
        victim.destroyForcibly().waitFor();

        assertThat(manager.waitFor()).as(logs()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("manager.log")))
                .contains("worker pid " + victim.pid() + " on ").contains("was lost in partition");
        JdbcTemplate remote = new JdbcTemplate(remoteDatabase.dataSource());
        assertThat(remote.queryForObject("SELECT count(*) FROM skybatch.backfill_repo WHERE status = 'pending'",
                Long.class)).isPositive();

        long execution = remote.queryForObject("SELECT max(job_execution_id) FROM skybatch.batch_job_execution",
                Long.class);
        Process restart = cli(remoteDatabase, true, "restart", "jobs", "restart", Long.toString(execution));
        assertThat(restart.waitFor()).as(logs()).isZero();
        // the restart sent only the partitions that had not completed
        assertThat(remote.queryForObject("SELECT count(*) FROM skybatch.batch_step_execution s"
                + " JOIN skybatch.batch_job_execution j USING (job_execution_id)"
                + " WHERE j.job_execution_id > ? AND s.step_name LIKE 'backfillReposWorkerStep:%'",
                Long.class, execution)).isLessThan(PDSES);

        assertThat(tables(remoteDatabase)).isEqualTo(tables(localDatabase));
        assertThat(tables(remoteDatabase).get("record")).hasSize(PDSES * REPOS_PER_PDS * POSTS_PER_REPO);

        String health = health(workers.get(1));
        assertThat(health).contains("\"status\":\"UP\"").contains("\"worker\":true");
        for (Process worker : workers.subList(1, 3)) {
            worker.destroy();
            assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as(logs()).isTrue();
            assertThat(worker.exitValue()).as(logs()).isZero();
        }
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
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx384m", "-XX:TieredStopAtLevel=1",
                SkybatchApplication.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().put("DATABASE_URL", database.jdbcUrl());
        builder.environment().put("SKYBATCH_BACKFILL_PARTITIONS", remote ? Integer.toString(PDSES) : "2");
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

    /** GET /health of a worker, at the port its start-up line names. */
    private String health(Process worker) throws Exception {
        Pattern port = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/metrics");
        int index = processes.indexOf(worker);
        Path log = dir.resolve("worker" + (index - 1) + ".log");
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
