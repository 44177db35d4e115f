package skybatch.jobs.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static skybatch.jobs.testing.FirehoseFrames.map;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import skybatch.jobs.SkybatchApplication;
import skybatch.jobs.testing.FirehoseFrames;
import skybatch.jobs.testing.TestSigner;
import skybatch.readers.firehose.testing.RelayStandIn;
import skybatch.readers.testing.ChildJvm;
import skybatch.writers.testing.TestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code skybatch firehose run} as a process: a relay stand-in's stream lands in the tables, {@code /health} shows
 * the connection and the lag, {@code /metrics} the lag gauges and the latency histogram; SIGTERM stops it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FirehoseRunProcessTest {

    private static final int COMMITS = 30;

    @TempDir
    Path scratch;

    @Test
    void theRelaysStreamLandsInTheTablesAndSigtermStopsTheTailRestartably() throws Exception {
        TestSigner key = new TestSigner("run");
        FirehoseFrames alice = new FirehoseFrames("did:plc:runrunrunrunrunrunrunrunr", key);
        try (TestDatabase database = TestDatabase.migrated(); RelayStandIn relay = RelayStandIn.start()) {
            JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
            jdbc.update("INSERT INTO skybatch.actor_identity (did, signing_key, plc_cid, plc_created_at)"
                    + " VALUES (?, ?, 'bafy', now())", alice.did(), key.didKey());
            List<String> command = ChildJvm.command("512m", SkybatchApplication.class, "firehose", "run",
                    "--port", "0");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(scratch.resolve("skybatch.log").toFile());
            builder.environment().put("DATABASE_URL", database.jdbcUrl());
            builder.environment().put("SKYBATCH_FIREHOSE_JOURNAL", scratch.resolve("journal").toString());
            builder.environment().put("SKYBATCH_FIREHOSE_RELAY", relay.url().toString());
            builder.environment().put("SKYBATCH_ALLOW_ADDRESSES", "127.0.0.1");
            Process run = builder.start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            // an empty journal starts at the live end: the commits come once the ingest is connected
            while (relay.requests().isEmpty()) {
                assertThat(run.isAlive() && Instant.now().isBefore(deadline)).as(log()).isTrue();
                Thread.sleep(20);
            }
            for (long seq = 1; seq <= COMMITS; seq++) {
                relay.publish(seq, alice.commit().create("app.bsky.feed.post/p" + seq, map("$type",
                        "app.bsky.feed.post", "text", "post " + seq, "createdAt", "2024-05-01T12:00:00Z")).at(seq));
            }

            while (applied(jdbc) < COMMITS) {
                assertThat(run.isAlive() && Instant.now().isBefore(deadline)).as(log()).isTrue();
                Thread.sleep(50);
            }
            URI server = server();
            HttpResponse<String> health = get(server.resolve("/health"));
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            JsonNode firehose = JsonMapper.builder().build().readTree(health.body()).get("firehose");
            assertThat(firehose.get("connected").asBoolean()).as(health.body()).isTrue();
            assertThat(firehose.get("receivedSeq").asLong()).isEqualTo(COMMITS);
            assertThat(firehose.get("appliedSeq").asLong()).isEqualTo(COMMITS);
            assertThat(firehose.get("lagEvents").asLong()).isZero();
            assertThat(firehose.get("lagSeconds").asDouble()).isZero();
            // the latency of a chunk is recorded just after its commit, which the test may see first
            String latencies = "skybatch_firehose_commit_latency_seconds_count " + COMMITS + "\n";
            String metrics = get(server.resolve("/metrics")).body();
            while (!metrics.contains(latencies)) {
                assertThat(run.isAlive() && Instant.now().isBefore(deadline)).as(metrics).isTrue();
                Thread.sleep(50);
                metrics = get(server.resolve("/metrics")).body();
            }
            assertThat(metrics).contains("skybatch_firehose_lag_events 0.0", "skybatch_firehose_lag_seconds 0.0",
                    latencies, "skybatch_firehose_commit_latency_seconds_bucket{");

            relay.close(); // the relay goes away: the ingest is no longer connected
            HttpResponse<String> disconnected = get(server.resolve("/health"));
            while (disconnected.statusCode() == 200) {
                assertThat(run.isAlive() && Instant.now().isBefore(deadline)).as(log()).isTrue();
                Thread.sleep(50);
                disconnected = get(server.resolve("/health"));
            }
            assertThat(disconnected.statusCode()).isEqualTo(503);
            assertThat(disconnected.body()).contains("\"status\":\"DOWN\"", "\"connected\":false");
            run.destroy(); // SIGTERM
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).as(log()).isTrue();

            assertThat(jdbc.queryForObject("SELECT count(*) FROM bsky.post WHERE creator = ?", Long.class,
                    alice.did())).isEqualTo(COMMITS);
            assertThat(jdbc.queryForObject("SELECT status FROM skybatch.batch_job_execution ORDER BY"
                    + " job_execution_id DESC LIMIT 1", String.class)).as(log()).isEqualTo("STOPPED");
        }
    }

    private static long applied(JdbcTemplate jdbc) {
        Long seq = jdbc.queryForObject("SELECT max(seq) FROM skybatch.firehose_position", Long.class);
        return seq == null ? 0 : seq;
    }

    /** Where the process serves /health, as it prints it. */
    private URI server() throws Exception {
        Matcher printed = Pattern.compile("/health and /metrics at (http://\\S+/)").matcher(log());
        assertThat(printed.find()).as(log()).isTrue();
        return URI.create(printed.group(1));
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String log() throws Exception {
        return Files.readString(scratch.resolve("skybatch.log"));
    }
}
