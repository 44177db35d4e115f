package skybatch.jobs.plc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import skybatch.jobs.SkybatchApplication;
import skybatch.readers.testing.ChildJvm;
import skybatch.writers.testing.TestDatabase;

/**
 * The CLI in its own JVM, interrupted for real: killed with SIGKILL mid-import, or stopped with SIGTERM, then
 * restarted with {@code jobs restart}. The end state must be that of an uninterrupted run: every DID once with
 * its latest claim, every bad line quarantined once. The database starts empty (migrated, no rows), so each run is
 * a first load: its chunks go to shadow tables and its last step swaps them in.
 */
class PlcImportProcessTest {

    /**
     * DIDs of the export the interruptions during the staging use: in chunks of {@value #CHUNK} lines, 241 chunks
     * to be interrupted among.
     */
    private static final int DIDS = 12_000;
    private static final int CHUNK = 100;
    /**
     * The random kills need more: up to a hundred chunks of {@value #RANDOM_CHUNK} before the last step, and that
     * step's statements long enough to be caught running.
     */
    private static final int RANDOM_DIDS = 60_000;
    private static final int RANDOM_CHUNK = 500;
    private static final int BAD_LINES = 6;

    @TempDir
    Path dir;

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private int dids = DIDS;

    @BeforeEach
    void setUp() {
        database = TestDatabase.migrated();
        jdbc = new JdbcTemplate(database.dataSource());
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    /**
     * The export of {@code dids} DIDs, each a genesis claiming old-N.test, then an update claiming new-N.test; a few
     * bad lines among them.
     */
    private String export(int dids) throws IOException {
        this.dids = dids;
        List<String> lines = new ArrayList<>(2 * dids + BAD_LINES);
        long clock = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < dids; i++) {
            lines.add(line(i, "old", clock++));
            if (i % (dids / BAD_LINES) == 0) {
                lines.add("{\"did\":\"" + did(i) + "\",\"broken\":");
            }
        }
        for (int i = 0; i < dids; i++) {
            lines.add(line(i, "new", clock++));
        }
        return Files.write(dir.resolve("export.jsonl"), lines).toString();
    }

    /** Decimal digits spelled with letters, fixed width: a valid did:plc, distinct for every i. */
    private static String did(int i) {
        StringBuilder id = new StringBuilder();
        for (char digit : String.format("%024d", i).toCharArray()) {
            id.append((char) ('a' + (digit - '0')));
        }
        return "did:plc:" + id;
    }

    private static String line(int i, String prefix, long millis) {
        return "{\"did\":\"" + did(i) + "\",\"operation\":{\"type\":\"plc_operation\",\"alsoKnownAs\":[\"at://" + prefix
                + "-" + i + ".test\"],\"verificationMethods\":{\"atproto\":\"did:key:zQ3shTest" + i + "\"},"
                + "\"services\":{\"atproto_pds\":{\"type\":\"AtprotoPersonalDataServer\",\"endpoint\":\"https://pds.test\"}},"
                + "\"rotationKeys\":[],\"prev\":null,\"sig\":\"x\"},\"cid\":\"bafy" + prefix + i
                + "\",\"nullified\":false,\"createdAt\":\"" + Instant.ofEpochMilli(millis) + "\"}";
    }

    private Process skybatchWithChunks(int chunkSize, String... args) throws IOException {
        return skybatch(Map.of("SKYBATCH_PLC_CHUNK_SIZE", Integer.toString(chunkSize)), args);
    }

    private Process skybatch(Map<String, String> settings, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(ChildJvm.command("512m", SkybatchApplication.class, args))
                .redirectErrorStream(true).redirectOutput(dir.resolve("process-" + System.nanoTime() + ".log").toFile());
        builder.environment().put("DATABASE_URL", database.jdbcUrl());
        builder.environment().putAll(settings);
        return builder.start();
    }

    private long committedChunks() {
        Long commits = jdbc.queryForObject("SELECT coalesce(max(commit_count), 0) FROM skybatch.batch_step_execution"
                + " WHERE step_execution_id = (SELECT max(step_execution_id) FROM skybatch.batch_step_execution)", Long.class);
        return commits == null ? 0 : commits;
    }

    private void awaitCommits(Process process, long chunks) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("the import ended before it could be interrupted: " + logs());
            }
            try {
                if (committedChunks() >= chunks) {
                    return;
                }
            } catch (RuntimeException schemaNotThereYet) {
                // the child has not run its migrations yet
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no progress within 90 s: " + logs());
    }

    private String logs() throws IOException {
        StringBuilder text = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path log : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                text.append(Files.readString(log)).append('\n');
            }
        }
        return text.toString();
    }

    private long executionId() {
        return jdbc.queryForObject("SELECT max(job_execution_id) FROM skybatch.batch_job_execution", Long.class);
    }

    private void assertEndStateOfAnUninterruptedRun() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM skybatch.actor_identity", Long.class)).isEqualTo(dids);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM skybatch.actor_identity"
                + " WHERE claimed_handle = 'new-' || substring(plc_cid from 8) || '.test'", Long.class)).isEqualTo(dids);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM bsky.actor", Long.class)).isEqualTo(dids);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM bsky.did_cache WHERE doc->'alsoKnownAs'->>0 LIKE 'at://new-%'",
                Long.class)).isEqualTo(dids);
        assertThat(jdbc.queryForList("SELECT position FROM skybatch.quarantine", String.class))
                .hasSize(BAD_LINES).doesNotHaveDuplicates();
        assertThat(jdbc.queryForObject("SELECT to_regclass('skybatch.plc_load_actor_identity') IS NULL", Boolean.class))
                .as("swapped in").isTrue();
        assertThat(jdbc.queryForList("SELECT indexname FROM pg_indexes WHERE schemaname = 'bsky'"
                + " AND tablename IN ('actor', 'did_cache')", String.class))
                .contains("actor_pkey", "actor_handle_key", "did_cache_pkey");
    }

    /** Rows the import has committed: in the shadow of actor_identity while it loads, in actor_identity once built. */
    private long committedRows() {
        boolean loading = jdbc.queryForObject("SELECT to_regclass('skybatch.plc_load_actor_identity') IS NOT NULL",
                Boolean.class);
        return jdbc.queryForObject("SELECT count(*) FROM skybatch."
                + (loading ? "plc_load_actor_identity" : "actor_identity"), Long.class);
    }

    @Test
    void killedWithSigkillThenRestarted() throws Exception {
        Map<String, String> loading = Map.of("SKYBATCH_PLC_CHUNK_SIZE", Integer.toString(CHUNK));
        long execution = killedAfterTwentyChunks(loading);
        assertThat(jdbc.queryForObject("SELECT status FROM skybatch.batch_job_execution WHERE job_execution_id = ?",
                String.class, execution)).as("a killed process leaves its execution STARTED").isEqualTo("STARTED");
        assertThat(committedRows()).isPositive();

        assertRestartEndsAsAnUninterruptedRun(loading, execution);
    }

    @Test
    void aMergeKilledWithSigkillThenRestarted() throws Exception {
        Map<String, String> merging = Map.of("SKYBATCH_PLC_CHUNK_SIZE", Integer.toString(CHUNK),
                "SKYBATCH_PLC_FIRST_LOAD", "false");
        long execution = killedAfterTwentyChunks(merging);
        assertThat(jdbc.queryForObject("SELECT to_regclass('skybatch.plc_load_actor_identity') IS NULL", Boolean.class))
                .as("merged: no shadow tables").isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM skybatch.actor_identity", Long.class))
                .as("merged chunks").isPositive();

        assertRestartEndsAsAnUninterruptedRun(merging, execution);
    }

    /** Imports the export of {@value #DIDS} DIDs with {@code settings}, killed by SIGKILL once 20 chunks committed. */
    private long killedAfterTwentyChunks(Map<String, String> settings) throws Exception {
        Process importing = skybatch(settings, "import-plc", "--source", export(DIDS));
        awaitCommits(importing, 20);
        importing.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        return executionId();
    }

    private void assertRestartEndsAsAnUninterruptedRun(Map<String, String> settings, long execution)
            throws Exception {
        Process restart = skybatch(settings, "jobs", "restart", Long.toString(execution));
        assertThat(restart.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(restart.exitValue()).as(logs()).isZero();

        assertEndStateOfAnUninterruptedRun();
        assertThat(jdbc.queryForList("SELECT status FROM skybatch.batch_job_execution ORDER BY job_execution_id",
                String.class)).containsExactly("FAILED", "COMPLETED");
    }

    /**
     * kill -9 twice at random points: once while the chunks go to the shadow tables, once in the last step's
     * pruning or index builds, in one of its long statements picked at random; the third run ends with the rows of
     * an uninterrupted one. The seed is in the failure message.
     */
    @Test
    void aFirstLoadKilledAtRandomPointsAndInItsLastStepEndsWithTheRowsOfAnUninterruptedRun() throws Exception {
        long seed = System.nanoTime();
        java.util.Random random = new java.util.Random(seed);
        Process importing = skybatchWithChunks(RANDOM_CHUNK, "import-plc", "--source", export(RANDOM_DIDS));
        awaitCommits(importing, 1 + random.nextInt(100));
        importing.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long execution = executionId();

        List<String> passStatements = List.of("DELETE FROM skybatch.plc_load_actor_identity", "INSERT INTO skybatch.plc_load_winner",
                "CREATE UNIQUE INDEX plc_load_actor_", "CREATE INDEX plc_load_actor_identity_");
        String killedIn = passStatements.get(random.nextInt(passStatements.size()));
        Process restart = skybatchWithChunks(RANDOM_CHUNK, "jobs", "restart", Long.toString(execution));
        awaitStatement(restart, killedIn, "seed " + seed);
        restart.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(jdbc.queryForObject("SELECT status FROM skybatch.batch_step_execution"
                + " WHERE step_name = 'plcImportBuildStep' ORDER BY step_execution_id DESC LIMIT 1", String.class))
                .as("killed in the last step, seed " + seed).isEqualTo("STARTED");

        Process last = skybatchWithChunks(RANDOM_CHUNK, "jobs", "restart", Long.toString(executionId()));
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(last.exitValue()).as(logs()).isZero();
        assertEndStateOfAnUninterruptedRun();
        assertThat(jdbc.queryForList("SELECT status FROM skybatch.batch_job_execution ORDER BY job_execution_id",
                String.class)).as("seed " + seed).containsExactly("FAILED", "FAILED", "COMPLETED");
    }

    /** Waits until a session of the database runs a statement that starts with {@code prefix}. */
    private void awaitStatement(Process process, String prefix, String context) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("the run ended before '" + prefix + "' (" + context + "): " + logs());
            }
            Long running = jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND state = 'active' AND query LIKE ? AND pid <> pg_backend_pid()", Long.class, prefix + "%");
            if (running != null && running > 0) {
                return;
            }
            Thread.sleep(2);
        }
        throw new AssertionError("no '" + prefix + "' within 120 s (" + context + "): " + logs());
    }

    @Test
    void stoppedWithSigtermAtAChunkBoundaryThenRestarted() throws Exception {
        Process importing = skybatchWithChunks(CHUNK, "import-plc", "--source", export(DIDS));
        awaitCommits(importing, 10);
        importing.destroy();
        assertThat(importing.waitFor(60, TimeUnit.SECONDS)).isTrue();
        long execution = executionId();
        assertThat(jdbc.queryForObject("SELECT status FROM skybatch.batch_job_execution WHERE job_execution_id = ?",
                String.class, execution)).as(logs()).isEqualTo("STOPPED");

        Process restart = skybatchWithChunks(CHUNK, "jobs", "restart", Long.toString(execution));
        assertThat(restart.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(restart.exitValue()).as(logs()).isZero();
        assertEndStateOfAnUninterruptedRun();
    }

    @Test
    void stoppedFromAnotherProcessWithJobsStopThenRestarted() throws Exception {
        Process importing = skybatchWithChunks(20, "import-plc", "--source", export(DIDS));
        awaitCommits(importing, 10);
        long execution = executionId();

        // the run must outlast the start of a second JVM: its next chunk waits on the shadow of actor_identity (an
        // empty database takes the first-load path) until the stop is recorded
        try (Connection holder = database.dataSource().getConnection()) {
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("LOCK TABLE skybatch.plc_load_actor_identity IN SHARE MODE");
            }
            Process stop = skybatchWithChunks(CHUNK, "jobs", "stop", Long.toString(execution));
            assertThat(stop.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(stop.exitValue()).as(logs()).isZero();
            assertThat(importing.isAlive()).as("the run waits on the shadow table: " + logs()).isTrue();
            holder.commit();
        }
        assertThat(importing.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(importing.exitValue()).as("exit code of a stopped run: " + logs()).isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT status FROM skybatch.batch_job_execution WHERE job_execution_id = ?",
                String.class, execution)).isEqualTo("STOPPED");
        Process restart = skybatchWithChunks(CHUNK, "jobs", "restart", Long.toString(execution));
        assertThat(restart.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(restart.exitValue()).as(logs()).isZero();
        assertEndStateOfAnUninterruptedRun();
    }
}
