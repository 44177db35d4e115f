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
import skybatch.jobs.plc.PlcImportJobConfiguration;
import skybatch.jobs.testing.AuditLogExports;
import skybatch.jobs.testing.Eventually;
import skybatch.jobs.testing.SkybatchTestApp;

/**
 * PostgreSQL restarts while an import runs: on a server this test starts and stops itself (never the shared
 * one). The run ends without its end recorded, {@code jobs restart} continues it, and the tables end as an
 * uninterrupted run leaves them.
 */
@Timeout(300)
class DatabaseRestartTest {

    @TempDir
    Path dir;

    private EmbeddedPostgres postgres;
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

    @Test
    void anImportThatLosesItsDatabaseRestartsToTheRowsOfAnUninterruptedRun() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path data = dir.resolve("pgdata");
        postgres = startPostgres(data, port);
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
        app = new SpringApplicationBuilder(SkybatchApplication.class).registerShutdownHook(false)
                .run("--skybatch.database-url=" + url, "--skybatch.plc.chunk-size=100");
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(url));
        Path export = export(20_000);

        assertThat(importPlc(export).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        List<Map<String, Object>> uninterrupted = SkybatchTestApp.identityRows(jdbc);
        jdbc.execute("TRUNCATE skybatch.actor_identity, skybatch.quarantine, bsky.actor, bsky.did_cache");

        CompletableFuture<JobExecution> run = CompletableFuture.supplyAsync(() -> {
            try {
                return importPlc(export);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Eventually.within(Duration.ofSeconds(60), () -> !run.isDone() && jdbc.queryForObject(
                "SELECT count(*) FROM skybatch.actor_identity", Long.class) >= 2_000,
                () -> "the second import did not get going");
        postgres.close(); // the server restarts under the running import
        Thread.sleep(2_000);
        postgres = startPostgres(data, port);
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
}
