package skybatch.jobs.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import skybatch.jobs.SkybatchApplication;
import skybatch.jobs.backfill.BackfillJobConfiguration;
import skybatch.jobs.plc.PlcImportJobConfiguration;
import skybatch.jobs.testing.AuditLogExports;
import skybatch.jobs.testing.Eventually;
import skybatch.jobs.testing.FakePds;
import skybatch.jobs.testing.SampleRepositories;
import skybatch.jobs.testing.SkybatchTestApp;
import skybatch.jobs.testing.TableRows;
import skybatch.jobs.testing.TestRepository;
import skybatch.jobs.testing.TestSigner;

/**
 * PostgreSQL restarts while an import or a backfill runs: on a server this test starts and stops itself (never the
 * shared one). The run ends without its end recorded, {@code jobs restart} continues it, and the tables end as an
 * uninterrupted run leaves them.
 */
@Timeout(300)
class DatabaseRestartTest {

    @TempDir
    Path dir;

    private EmbeddedPostgres postgres;
    private int port;
    private ConfigurableApplicationContext app;

    @AfterEach
    void stop() throws IOException {
        if (app != null) {
            app.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private EmbeddedPostgres startPostgres(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
                .setRegisterShutdownHook(false).setPGStartupWait(Duration.ofSeconds(60)).start();
    }

    /** Distinct DIDs, each with one real operation's shape: enough chunks to stop in the middle of. */
    private Path export(int operations) throws IOException {
        String template = AuditLogExports.lines("log_bskyapp.json").get(0);
        String did = "did:plc:z72i7hdynmk6r22z27h6tvur";
        List<String> lines = new ArrayList<>(operations);
        for (int i = 0; i < operations; i++) {
            StringBuilder suffix = new StringBuilder();
            for (int n = i; suffix.isEmpty() || n > 0; n /= 32) {
                suffix.insert(0, "abcdefghijklmnopqrstuvwxyz234567".charAt(n % 32));
            }
            String other = did.substring(0, did.length() - suffix.length()) + suffix;
            lines.add(template.replace(did, other));
        }
        return AuditLogExports.write(dir.resolve("export.jsonl"), lines);
    }

    private JobExecution importPlc(Path export) throws Exception {
        Job job = app.getBean(PlcImportJobConfiguration.JOB_NAME, Job.class);
        return app.getBean(JobRunner.class).start(job, new JobParametersBuilder()
                .addString(PlcImportJobConfiguration.SOURCE, export.toString())
                .addLong("launched", System.nanoTime()).toJobParameters());
    }

    /** Starts a PostgreSQL of this test's own, and the application on it; returns a template on the server. */
    private JdbcTemplate startOwnServer(String... settings) throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        postgres = startPostgres(dir.resolve("pgdata"), port);
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
        List<String> arguments = new ArrayList<>(List.of("--skybatch.database-url=" + url));
        for (String setting : settings) {
            arguments.add("--" + setting);
        }
        app = new SpringApplicationBuilder(SkybatchApplication.class).registerShutdownHook(false)
                .run(arguments.toArray(String[]::new));
        return new JdbcTemplate(new DriverManagerDataSource(url));
    }

    /** Stops the server under the running job and starts it again on the same data, as a restart does. */
    private void restartServer() throws Exception {
        postgres.close();
        Thread.sleep(2_000);
        postgres = startPostgres(dir.resolve("pgdata"), port);
    }

    private static CompletableFuture<JobExecution> inBackground(Callable<JobExecution> run) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return run.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void anImportThatLosesItsDatabaseRestartsToTheRowsOfAnUninterruptedRun() throws Exception {
        // the merge path, whose chunks write the tables themselves (a first load's kill -9 at any point, its final
        // pass too, is PlcImportProcessTest's)
        JdbcTemplate jdbc = startOwnServer("skybatch.plc.chunk-size=100", "skybatch.plc.first-load=false");
        Path export = export(20_000);

        assertThat(importPlc(export).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        List<Map<String, Object>> uninterrupted = SkybatchTestApp.identityRows(jdbc);
        jdbc.execute("TRUNCATE skybatch.actor_identity, skybatch.quarantine, bsky.actor, bsky.did_cache");

        CompletableFuture<JobExecution> run = inBackground(() -> importPlc(export));
        Eventually.within(Duration.ofSeconds(60), () -> !run.isDone() && jdbc.queryForObject(
                "SELECT count(*) FROM skybatch.actor_identity", Long.class) >= 2_000,
                () -> "the second import did not get going");
        restartServer();
        JobExecution lost = run.get(200, TimeUnit.SECONDS);

        assertThat(lost.getStatus()).isIn(BatchStatus.UNKNOWN, BatchStatus.FAILED);
        long committed = jdbc.queryForObject("SELECT count(*) FROM skybatch.actor_identity", Long.class);
        assertThat(committed).isBetween(2_000L, 19_999L);

        JobExecution restarted = app.getBean(JobRunner.class).restart(lost.getId());

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jdbc.queryForObject("SELECT status FROM skybatch.batch_job_execution WHERE job_execution_id = ?",
                String.class, lost.getId())).isEqualTo("FAILED");
        assertThat(SkybatchTestApp.identityRows(jdbc)).isEqualTo(uninterrupted);
    }

    private static final List<String> RECORD_TABLES = List.of("record", "post", "like", "feed_item");

    @Test
    void aBackfillThatLosesItsDatabaseRestartsToTheRowsOfAnUninterruptedRun() throws Exception {
        JdbcTemplate jdbc = startOwnServer("skybatch.backfill.chunk-size=100", "skybatch.backfill.partitions=2",
                "skybatch.backfill.retry-delay=10ms");
        List<TestRepository> repositories = new ArrayList<>();
        for (String did : List.of(SampleRepositories.ALICE, SampleRepositories.BOB)) {
            TestRepository repository = new TestRepository(did);
            for (int i = 0; i < 4_000; i++) {
                repository.record(SampleRepositories.POST, "3kpost" + i, SampleRepositories.map("text", "post " + i,
                        "createdAt", "2024-01-01T00:00:00.000Z"));
                repository.record("app.bsky.feed.like", "3klike" + i, SampleRepositories.map("subject",
                        Map.of("uri", SampleRepositories.uri(did, SampleRepositories.POST, "3kpost" + i), "cid",
                                SampleRepositories.SOME_CID.toString()), "createdAt", "2024-01-01T00:00:00.000Z"));
            }
            repositories.add(repository);
        }
        try (FakePds pds = new FakePds()) {
            for (TestRepository repository : repositories) {
                pds.repo(repository.did(), repository.car(new TestSigner(repository.did())).bytes());
            }
            Job job = app.getBean(BackfillJobConfiguration.JOB_NAME, Job.class);
            Callable<JobExecution> backfill = () -> app.getBean(JobRunner.class).start(job, new JobParametersBuilder()
                    .addString(BackfillJobConfiguration.PDS, pds.url())
                    .addString(BackfillJobConfiguration.VERIFY_SIGNATURES, "false")
                    .addLong("launched", System.nanoTime()).toJobParameters());
            assertThat(backfill.call().getStatus()).isEqualTo(BatchStatus.COMPLETED);
            Map<String, List<Map<String, Object>>> uninterrupted = TableRows.of(jdbc, RECORD_TABLES);
            assertThat(uninterrupted.get("record")).hasSize(16_000);
            jdbc.execute("TRUNCATE skybatch.backfill_repo, skybatch.backfill_listing, skybatch.aggregate_recount, "
                    + String.join(", ", RECORD_TABLES.stream().map(t -> "bsky.\"" + t + "\"").toList()));

            CompletableFuture<JobExecution> run = inBackground(backfill);
            Eventually.within(Duration.ofSeconds(60), () -> !run.isDone() && jdbc.queryForObject(
                    "SELECT count(*) FROM bsky.record", Long.class) >= 2_000, () -> "the backfill did not get going");
            restartServer();
            JobExecution lost = run.get(200, TimeUnit.SECONDS);

            assertThat(lost.getStatus()).isIn(BatchStatus.UNKNOWN, BatchStatus.FAILED);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM bsky.record", Long.class)).isLessThan(16_000);

            JobExecution restarted = app.getBean(JobRunner.class).restart(lost.getId());

            assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(TableRows.of(jdbc, RECORD_TABLES)).isEqualTo(uninterrupted);
        }
    }
}
