package skybatch.jobs.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static skybatch.jobs.testing.FirehoseFrames.map;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

/** {@code skybatch firehose run} as a process: a relay stand-in's stream lands in the tables; SIGTERM stops it. */
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
            List<String> command = ChildJvm.command("512m", SkybatchApplication.class, "firehose", "run");
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

    private String log() throws Exception {
        return Files.readString(scratch.resolve("skybatch.log"));
    }
}
