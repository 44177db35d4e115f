package skybatch.jobs.plc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import skybatch.jobs.operations.JobRunner;
import skybatch.jobs.testing.AuditLogExports;
import skybatch.jobs.testing.Eventually;
import skybatch.jobs.testing.FakePlcDirectory;
import skybatch.jobs.testing.SkybatchTestApp;
import skybatch.writers.testing.TestDatabase;
import tools.jackson.databind.json.JsonMapper;

/**
 * An import from a PLC directory that stops answering, while it waits to retry (1 s doubling to 1 min, about
 * 3 minutes in all): closing the application or stopping the job ends it at once, and a restart finishes it.
 */
class PlcImportStopTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Far below the retries' 3 minutes, far above what giving up takes on a loaded machine. */
    private static final long PROMPTLY_SECONDS = 30;
    private static final String[] SETTINGS = {"skybatch.plc.chunk-size=4", "skybatch.plc.page-size=5"};

    @Test
    void closingTheApplicationEndsTheRetriesAndARestartFinishes() throws Exception {
        List<String> lines = AuditLogExports.allValidLogs();
        TestDatabase database = TestDatabase.migrated();
        try (FakePlcDirectory plc = new FakePlcDirectory(lines, PlcImportStopTest::createdAt).dropConnectionsAfter(2)) {
            SkybatchTestApp app = SkybatchTestApp.on(database, SETTINGS);
            CompletableFuture<JobExecution> run = importInBackground(app, plc.url());
            awaitRetrying(plc);

            app.closeApplication();

            JobExecution stopped = run.get(PROMPTLY_SECONDS, TimeUnit.SECONDS);
            assertThat(stopped.getStatus()).isIn(BatchStatus.STOPPED, BatchStatus.FAILED);
            try (SkybatchTestApp reopened = SkybatchTestApp.on(database, SETTINGS)) {
                assertThat(reopened.bean(JobRepository.class).getJobExecution(stopped.getId()).getStatus())
                        .as("recorded before the database closed").isIn(BatchStatus.STOPPED, BatchStatus.FAILED);
                assertRestartFinishes(reopened, plc, stopped.getId(), lines);
            }
        }
    }

    @Test
    void stoppingTheJobEndsTheRetriesAndARestartFinishes() throws Exception {
        List<String> lines = AuditLogExports.allValidLogs();
        try (FakePlcDirectory plc = new FakePlcDirectory(lines, PlcImportStopTest::createdAt).dropConnectionsAfter(2);
                SkybatchTestApp app = SkybatchTestApp.start(SETTINGS)) {
            CompletableFuture<JobExecution> run = importInBackground(app, plc.url());
            awaitRetrying(plc);

            app.bean(JobRunner.class).requestStop(app.bean(JobRepository.class)
                    .findRunningJobExecutions(PlcImportJobConfiguration.JOB_NAME).iterator().next().getId());

            JobExecution stopped = run.get(PROMPTLY_SECONDS, TimeUnit.SECONDS);
            assertThat(stopped.getStatus()).isIn(BatchStatus.STOPPED, BatchStatus.FAILED);
            assertRestartFinishes(app, plc, stopped.getId(), lines);
        }
    }

    /** Two pages served, then at least one attempt dropped: the import is in its retries. */
    private static void awaitRetrying(FakePlcDirectory plc) {
        Eventually.within(Duration.ofSeconds(60), () -> plc.requests().size() >= 4,
                () -> "the import asked " + plc.requests());
    }

    /** The restart reads on from the last commit and ends with what an import of the whole export writes. */
    private static void assertRestartFinishes(SkybatchTestApp app, FakePlcDirectory plc, long executionId,
            List<String> lines) throws Exception {
        plc.dropConnectionsAfter(Integer.MAX_VALUE);
        int requestsBefore = plc.requests().size();
        JobExecution restarted = app.bean(JobRunner.class).restart(executionId);

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(plc.requests().get(requestsBefore)).as("resumed past the first page").contains("after=");
        List<Map<String, Object>> rows = app.identityRows();
        app.clearIdentityTables();
        app.importPlc(AuditLogExports.write(Files.createTempFile("all", ".jsonl"), lines).toString());
        assertThat(rows).isNotEmpty().isEqualTo(app.identityRows());
    }

    /** On a thread of its own: the common pool may have a single one, which a run that does not stop would keep. */
    private static CompletableFuture<JobExecution> importInBackground(SkybatchTestApp app, String url) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return app.importPlc(url);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, task -> new Thread(task, "plc-import-under-test").start());
    }

    private static String createdAt(String line) {
        return JSON.readTree(line).get("createdAt").asString();
    }
}
