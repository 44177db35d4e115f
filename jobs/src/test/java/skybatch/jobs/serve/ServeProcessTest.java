package skybatch.jobs.serve;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import skybatch.jobs.SkybatchApplication;
import skybatch.jobs.testing.AuditLogExports;
import skybatch.jobs.testing.CliRun;
import skybatch.jobs.testing.Eventually;
import skybatch.jobs.testing.FakePlcDirectory;
import skybatch.jobs.testing.FirehoseFrames;
import skybatch.jobs.testing.TestSigner;
import skybatch.readers.firehose.testing.RelayStandIn;
import skybatch.readers.testing.ChildJvm;
import skybatch.writers.testing.TestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bin/skybatch serve} in its own JVM: health and metrics on a loopback port, a schedule fired from the CLI,
 * a graceful SIGTERM in the middle of a run that the next serve process restarts, and two serve processes sharing
 * one database without running a firing twice.
 */
class ServeProcessTest {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final Pattern ADDRESS = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/metrics");
    private static final Pattern STARTED = Pattern.compile("starting plcImportJob with .*fireTime=(\\S+)");
    private static final int DIDS = 10_000;

    @TempDir
    Path dir;

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        database.close();
    }

    /** Starts {@code serve --port 0} with plc-sync importing from the given directory; its output goes to log. */
    private Process serve(Path log, String plcUrl, String cron) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(ChildJvm.command("512m", SkybatchApplication.class, "serve",
                "--port", "0")).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("DATABASE_URL", database.jdbcUrl());
        env.put("SKYBATCH_PLC_CHUNK_SIZE", "50");
        env.put("SKYBATCH_PLC_PAGE_SIZE", "50");
        env.put("SKYBATCH_SCHEDULES_PLCSYNC_SOURCE", plcUrl);
        env.put("SKYBATCH_SCHEDULES_PLCSYNC_CRON", cron);
        env.put("SKYBATCH_SCHEDULES_VERIFYHANDLES_ENABLED", "false");
        env.put("SKYBATCH_SCHEDULES_REVERIFYINVALID_ENABLED", "false");
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** The HTTP port a serve process printed. */
    private static int port(Process process, Path log) {
        int[] port = {0};
        // generous: two of them start at once, each migrating the schema, on a machine that may be busy
        Eventually.within(DEADLINE, () -> {
            Matcher matcher = ADDRESS.matcher(read(log));
            if (matcher.find()) {
                port[0] = Integer.parseInt(matcher.group(1));
            }
            return port[0] > 0 || !process.isAlive();
        }, () -> "serve to listen: " + read(log));
        assertThat(port[0]).as(read(log)).isPositive();
        return port[0];
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void sigterm(Process process, Path log) throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("stopped in time: " + read(log)).isTrue();
        assertThat(process.exitValue()).as("exit code after a clean SIGTERM: " + read(log)).isZero();
    }

    private List<Map<String, Object>> plcImports() {
        return jdbc.queryForList("""
                SELECT e.job_execution_id, e.job_instance_id, e.status,
                       (SELECT coalesce(max(s.commit_count), 0) FROM skybatch.batch_step_execution s
                        WHERE s.job_execution_id = e.job_execution_id) AS commits
                FROM skybatch.batch_job_execution e JOIN skybatch.batch_job_instance i USING (job_instance_id)
                WHERE i.job_name = 'plcImportJob' ORDER BY e.job_execution_id""");
    }

    private List<Map<String, Object>> plcImportsRetryingWhileMigrating() {
        try {
            return plcImports();
        } catch (RuntimeException tablesNotThereYet) {
            return List.of();
        }
    }

    @Test
    void servesHealthAndMetricsRunsATriggerAndStopsItGracefullyForTheNextServeToRestart() throws Exception {
        try (FakePlcDirectory plc = new FakePlcDirectory(manyOperations(), ServeProcessTest::createdAtOfGenerated)) {
            Path log = dir.resolve("serve-1.log");
            Process serve = serve(log, plc.url(), "0 0 3 * * ?");
            int port = port(serve, log);

            HttpResponse<String> health = get(port, "/health");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            JsonNode status = JsonMapper.builder().build().readTree(health.body());
            assertThat(status.get("status").asString()).isEqualTo("UP");
            assertThat(status.get("database").asBoolean()).isTrue();
            assertThat(status.get("scheduler").asBoolean()).isTrue();
            HttpResponse<String> metrics = get(port, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes{", "jvm_threads_live_threads ");

            String fired = cli(plc.url(), "schedules", "trigger", "plc-sync");
            assertThat(fired).contains("fired");
            Eventually.within(DEADLINE, () -> plcImportsRetryingWhileMigrating().stream()
                    .anyMatch(e -> "STARTED".equals(e.get("status")) && ((Number) e.get("commits")).longValue() >= 3),
                    () -> "an import under way: " + plcImports() + read(log));

            sigterm(serve, log);

            List<Map<String, Object>> stopped = plcImports();
            assertThat(stopped).hasSize(1);
            assertThat(stopped.get(0).get("status")).as(read(log)).isEqualTo("STOPPED");
            assertThat(read(log)).contains("scheduler stopped");
            Object instance = stopped.get(0).get("job_instance_id");

            Path log2 = dir.resolve("serve-2.log");
            Process next = serve(log2, plc.url(), "* * * * * ?");
            Eventually.within(DEADLINE, () -> plcImports().stream()
                    .anyMatch(e -> instance.equals(e.get("job_instance_id")) && "COMPLETED".equals(e.get("status"))),
                    () -> "the stopped import restarted: " + plcImports() + read(log2));
            sigterm(next, log2);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM skybatch.actor_identity", Long.class)).isEqualTo(DIDS);
        }
    }

    /**
     * Issue 11: with the firehose enabled, /health shows the relay connection and the tail's lag (receivedSeq,
     * appliedSeq, lagEvents, lagSeconds), and goes DOWN (503) when the relay is gone.
     */
    @Test
    void withTheFirehoseEnabledHealthShowsTheRelayConnectionAndTheTailsLag() throws Exception {
        TestSigner key = new TestSigner("serve");
        FirehoseFrames alice = new FirehoseFrames("did:plc:servservservservservserv", key);
        try (RelayStandIn relay = RelayStandIn.start()) {
            Path log = dir.resolve("serve-firehose.log");
            ProcessBuilder builder = new ProcessBuilder(ChildJvm.command("512m", SkybatchApplication.class, "serve",
                    "--port", "0")).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.put("DATABASE_URL", database.jdbcUrl());
            env.put("SKYBATCH_SCHEDULES_PLCSYNC_ENABLED", "false");
            env.put("SKYBATCH_SCHEDULES_VERIFYHANDLES_ENABLED", "false");
            env.put("SKYBATCH_SCHEDULES_REVERIFYINVALID_ENABLED", "false");
            env.put("SKYBATCH_FIREHOSE_ENABLED", "true");
            env.put("SKYBATCH_FIREHOSE_BACKFILLNEWREPOS", "false");
            env.put("SKYBATCH_FIREHOSE_JOURNAL", dir.resolve("journal").toString());
            env.put("SKYBATCH_FIREHOSE_RELAY", relay.url().toString());
            env.put("SKYBATCH_ALLOW_ADDRESSES", "127.0.0.1");
            Process serve = builder.start();
            processes.add(serve);
            int port = port(serve, log);
            Eventually.within(DEADLINE, () -> !relay.requests().isEmpty() || !serve.isAlive(),
                    () -> "the ingest to connect: " + read(log));
            jdbc.update("INSERT INTO skybatch.actor_identity (did, signing_key, plc_cid, plc_created_at)"
                    + " VALUES (?, ?, 'bafy', now())", alice.did(), key.didKey());
            for (long seq = 1; seq <= 3; seq++) {
                relay.publish(seq, alice.commit().create("app.bsky.feed.post/p" + seq, FirehoseFrames.map("$type",
                        "app.bsky.feed.post", "text", "post " + seq, "createdAt", "2024-05-01T12:00:00Z")).at(seq));
            }
            Eventually.within(DEADLINE, () -> firehoseSeq(port, "receivedSeq") == 3,
                    () -> "the commits journalled: " + read(log));
            // the firehose-tail schedule starts the tail; fired now rather than at the next minute
            System.setProperty("skybatch.firehose.enabled", "true");
            try {
                assertThat(cli("http://127.0.0.1:9", "schedules", "trigger", "firehose-tail")).contains("fired");
            } finally {
                System.clearProperty("skybatch.firehose.enabled");
            }
            Eventually.within(DEADLINE, () -> firehoseSeq(port, "appliedSeq") == 3,
                    () -> "the commits applied: " + read(log));

            HttpResponse<String> health = get(port, "/health");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            JsonNode status = JsonMapper.builder().build().readTree(health.body());
            assertThat(status.get("scheduler").asBoolean()).isTrue();
            assertThat(status.get("firehose").get("connected").asBoolean()).isTrue();
            assertThat(status.get("firehose").get("lagEvents").asLong()).isZero();
            assertThat(status.get("firehose").get("lagSeconds").asDouble()).isZero();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM bsky.post WHERE creator = ?", Long.class,
                    alice.did())).isEqualTo(3);

            relay.close();
            Eventually.within(DEADLINE, () -> healthCode(port) == 503,
                    () -> "DOWN once the relay is gone: " + read(log));
            assertThat(get(port, "/health").body()).contains("\"status\":\"DOWN\"", "\"connected\":false");
            sigterm(serve, log);
        }
    }

    /** A seq /health shows for the firehose; -1 while it shows none. */
    private long firehoseSeq(int port, String field) {
        try {
            JsonNode seq = JsonMapper.builder().build().readTree(get(port, "/health").body()).path("firehose")
                    .path(field);
            return seq.isNumber() ? seq.asLong() : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private int healthCode(int port) {
        try {
            return get(port, "/health").statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void twoServeProcessesOnOneDatabaseRunEachFiringOnce() throws Exception {
        List<String> lines = AuditLogExports.allValidLogs();
        try (FakePlcDirectory plc = new FakePlcDirectory(lines,
                line -> JsonMapper.builder().build().readTree(line).get("createdAt").asString())) {
            Path logA = dir.resolve("serve-a.log");
            Path logB = dir.resolve("serve-b.log");
            Process a = serve(logA, plc.url(), "* * * * * ?");
            Process b = serve(logB, plc.url(), "* * * * * ?");
            port(a, logA);
            port(b, logB);
            Eventually.within(DEADLINE, () -> plcImports().stream().filter(e -> "COMPLETED".equals(e.get("status")))
                    .count() >= 8, () -> "8 runs: " + plcImports());
            assertThat(jdbc.queryForObject("SELECT count(*) FROM skybatch.qrtz_scheduler_state"
                    + " WHERE last_checkin_time > ?", Long.class, System.currentTimeMillis() - 20_000))
                    .as("both are members of the cluster").isEqualTo(2);
            sigterm(a, logA);
            sigterm(b, logB);

            List<String> launched = new ArrayList<>(fireTimesStarted(read(logA)));
            launched.addAll(fireTimesStarted(read(logB)));
            assertThat(launched).as("no firing started twice:\n" + read(logA) + read(logB))
                    .hasSizeGreaterThanOrEqualTo(8).doesNotHaveDuplicates();
            assertThat(read(logA) + read(logB)).doesNotContain("has already run", "ERROR");
            // a firing that began as its process was stopping logs its start, then launches nothing
            int notLaunched = (read(logA) + read(logB)).split("skybatch is stopping; nothing launched", -1).length - 1;
            assertThat(plcImports()).hasSize(launched.size() - notLaunched)
                    .extracting(e -> e.get("job_instance_id")).doesNotHaveDuplicates();
        }
    }

    private static List<String> fireTimesStarted(String log) {
        List<String> fireTimes = new ArrayList<>();
        Matcher matcher = STARTED.matcher(log);
        while (matcher.find()) {
            fireTimes.add(matcher.group(1));
        }
        return fireTimes;
    }

    /** Runs the CLI in this JVM with the serve processes' database and plc-sync settings; returns its output. */
    private String cli(String plcUrl, String... args) {
        Map<String, String> settings = Map.of("skybatch.database-url", database.jdbcUrl(),
                "skybatch.schedules.plc-sync.source", plcUrl, "skybatch.schedules.verify-handles.enabled", "false",
                "skybatch.schedules.reverify-invalid.enabled", "false");
        settings.forEach(System::setProperty);
        try {
            CliRun.Result result = CliRun.run(args);
            assertThat(result.exitCode()).as(result.err()).isZero();
            return result.out();
        } finally {
            settings.keySet().forEach(System::clearProperty);
        }
    }

    /**
     * One genesis operation for each of {@value #DIDS} DIDs, a second apart. Each createdAt prints the way the
     * reader's cursor does (Instant's text, here always with 3 decimals), as the stand-in compares them as text.
     */
    private static List<String> manyOperations() {
        List<String> lines = new ArrayList<>(DIDS);
        long start = Instant.parse("2024-01-01T00:00:00.001Z").toEpochMilli();
        for (int i = 0; i < DIDS; i++) {
            lines.add("{\"did\":\"" + did(i) + "\",\"operation\":{\"type\":\"plc_operation\",\"alsoKnownAs\":"
                    + "[\"at://user-" + i + ".test\"],\"verificationMethods\":{\"atproto\":\"did:key:zQ3shTest" + i
                    + "\"},\"services\":{\"atproto_pds\":{\"type\":\"AtprotoPersonalDataServer\",\"endpoint\":"
                    + "\"https://pds.test\"}},\"rotationKeys\":[],\"prev\":null,\"sig\":\"x\"},\"cid\":\"bafy" + i
                    + "\",\"nullified\":false,\"createdAt\":\"" + Instant.ofEpochMilli(start + 1000L * i) + "\"}");
        }
        return lines;
    }

    /** A valid did:plc for i: its decimal digits as the letters a to j, 24 of them. */
    private static String did(int i) {
        StringBuilder id = new StringBuilder("did:plc:");
        for (char digit : String.format("%024d", i).toCharArray()) {
            id.append((char) ('a' + digit - '0'));
        }
        return id.toString();
    }

    /** The createdAt of a generated line, the last field: cheap, since the stand-in scans lines for each page. */
    private static String createdAtOfGenerated(String line) {
        return line.substring(line.lastIndexOf("\"createdAt\":\"") + 13, line.length() - 2);
    }
}
