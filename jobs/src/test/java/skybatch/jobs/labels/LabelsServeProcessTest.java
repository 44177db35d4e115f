package skybatch.jobs.labels;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
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
import skybatch.jobs.testing.ChildProcesses;
import skybatch.jobs.testing.CliRun;
import skybatch.jobs.testing.Eventually;
import skybatch.jobs.testing.LabelerDocuments;
import skybatch.readers.crypto.Curve;
import skybatch.readers.firehose.testing.RelayStandIn;
import skybatch.readers.labels.TestLabeler;
import skybatch.writers.testing.TestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code serve} with SKYBATCH_LABELERS, in its own JVM: it follows the labeler (a stand-in on 127.0.0.1) into
 * its journal and runs the labels tail as schedule label-tail, which restarts the tail after it stopped; /health
 * names the labeler's connection and lag, /metrics its meters.
 */
class LabelsServeProcessTest {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final Pattern ADDRESS = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/metrics");
    private static final TestLabeler LABELER = new TestLabeler("did:plc:servedlabelerservedlabe", Curve.P256);
    private static final String POST = "at://did:plc:erin/app.bsky.feed.post/3keee";

    @TempDir
    Path dir;

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private RelayStandIn labelerService;
    private Process serve;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        database = TestDatabase.migrated();
        jdbc = new JdbcTemplate(database.dataSource());
        labelerService = RelayStandIn.start();
        LabelerDocuments.store(jdbc, LABELER, labelerService.url().toString());
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (serve != null) {
            serve.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        labelerService.close();
        database.close();
    }

    private void publish(long seq, String val, boolean neg) {
        labelerService.publish(seq, TestLabeler.message(seq, LABELER.label(POST, null, val, neg,
                "2026-12-01T09:00:0" + seq + "Z", null)));
    }

    private List<String> labels() {
        return jdbc.queryForList("SELECT val || ' ' || neg FROM bsky.label WHERE uri = ? ORDER BY val", String.class,
                POST);
    }

    private String get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private Long runningTail() {
        List<Long> ids = jdbc.queryForList("SELECT e.job_execution_id FROM skybatch.batch_job_execution e"
                + " JOIN skybatch.batch_job_instance i USING (job_instance_id)"
                + " WHERE i.job_name = 'labelTailJob' AND e.status = 'STARTED'", Long.class);
        return ids.isEmpty() ? null : ids.get(0);
    }

    private String status(long execution) {
        return jdbc.queryForObject("SELECT status FROM skybatch.batch_job_execution WHERE job_execution_id = ?",
                String.class, execution);
    }

    @Test
    void serveFollowsTheLabelerAndItsScheduleRestartsTheTailAfterAStop() throws Exception {
        ChildProcesses processes = new ChildProcesses(dir);
        serve = processes.start(Map.of("DATABASE_URL", database.jdbcUrl(),
                "SKYBATCH_HOME", dir.resolve("home").toString(), "SKYBATCH_LABELERS", LABELER.did(),
                "SKYBATCH_LABELS_JOURNALS", dir.resolve("labels").toString(), "SKYBATCH_ALLOW_ADDRESSES", "127.0.0.1",
                "SKYBATCH_LABELS_IDLE_COMMIT", "200ms", "SKYBATCH_SCHEDULES_LABELTAIL_CRON", "* * * * * ?",
                "SKYBATCH_SCHEDULES_PLCSYNC_ENABLED", "false", "SKYBATCH_SCHEDULES_VERIFYHANDLES_ENABLED", "false",
                "SKYBATCH_SCHEDULES_REVERIFYINVALID_ENABLED", "false"), "serve", "--port", "0");
        int[] port = {0};
        Eventually.within(DEADLINE, () -> {
            Matcher matcher = ADDRESS.matcher(logs(processes));
            port[0] = matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
            return port[0] > 0 || !serve.isAlive();
        }, () -> "serve to listen: " + logs(processes));
        assertThat(serve.isAlive()).as(logs(processes)).isTrue();
        // an empty journal starts at the live end: publish once the ingest is connected
        Eventually.within(DEADLINE, () -> !labelerService.requests().isEmpty(), () -> "the ingest to connect");
        publish(1, "porn", false);
        publish(2, "spam", false);

        Eventually.within(DEADLINE, () -> labels().equals(List.of("porn false", "spam false")),
                () -> "the labels applied by the scheduled tail: " + labels() + logs(processes));
        Eventually.within(DEADLINE, () -> {
            try {
                JsonNode labeler = JsonMapper.builder().build().readTree(get(port[0], "/health")).get("labelers").get(0);
                return labeler.get("connected").asBoolean() && labeler.get("appliedSeq").asLong() == 2;
            } catch (Exception e) {
                return false;
            }
        }, () -> "/health: " + uncheckedGet(port[0], "/health"));
        JsonNode health = JsonMapper.builder().build().readTree(get(port[0], "/health"));
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("labelers").get(0).get("labeler").asString()).isEqualTo(LABELER.did());
        assertThat(health.get("labelers").get(0).get("lagSeqs").asLong()).isZero();
        assertThat(get(port[0], "/metrics")).contains("skybatch_labels_applied_total{labeler=\"" + LABELER.did()
                + "\"} 2.0", "skybatch_labels_applied_seq{labeler=\"" + LABELER.did() + "\"} 2.0",
                "skybatch_labels_commit_latency_seconds_count{labeler=\"" + LABELER.did() + "\"}");

        // stopped from outside, the tail ends STOPPED; the next firing of label-tail restarts it
        Long running = runningTail();
        assertThat(running).isNotNull();
        System.setProperty("skybatch.database-url", database.jdbcUrl());
        try {
            CliRun.Result stop = CliRun.run("jobs", "stop", running.toString());
            assertThat(stop.exitCode()).as(stop.err()).isZero();
        } finally {
            System.clearProperty("skybatch.database-url");
        }
        Eventually.within(DEADLINE, () -> "STOPPED".equals(status(running)), () -> "stopped: " + status(running));
        publish(3, "porn", true);
        Eventually.within(DEADLINE, () -> labels().equals(List.of("porn true", "spam false")),
                () -> "the negation applied by the restarted tail: " + labels() + logs(processes));
        assertThat(runningTail()).isNotNull().isNotEqualTo(running);

        serve.destroy();
        assertThat(serve.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(serve.exitValue()).as(logs(processes)).isZero();
        assertThat(status(runningTailAfter(running))).isEqualTo("STOPPED");
    }

    /** The execution that restarted the stopped one. */
    private long runningTailAfter(long stopped) {
        return jdbc.queryForObject("SELECT max(job_execution_id) FROM skybatch.batch_job_execution e"
                + " JOIN skybatch.batch_job_instance i USING (job_instance_id) WHERE i.job_name = 'labelTailJob'"
                + " AND e.job_execution_id > ?", Long.class, stopped);
    }

    private String uncheckedGet(int port, String path) {
        try {
            return get(port, path);
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static String logs(ChildProcesses processes) {
        try {
            return processes.logs();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
