package skybatch.jobs.cli;

import skybatch.readers.testing.TestData;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import skybatch.jobs.testing.AuditLogExports;
import skybatch.jobs.testing.CliRun;
import skybatch.jobs.testing.CliRun.Result;
import skybatch.jobs.testing.FakePds;
import skybatch.jobs.testing.InjectedFailure;
import skybatch.writers.testing.TestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The command line in this JVM: what a user types, what it prints, and its exit codes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SkybatchCliTest {

    private static final Pattern EXECUTION = Pattern.compile("plcImportJob execution (\\d+)");

    private TestDatabase database;


    @BeforeAll
    void start() {
        database = TestDatabase.create();
        System.setProperty("skybatch.database-url", database.jdbcUrl());
    }

    @AfterAll
    void stop() {
        System.clearProperty("skybatch.database-url");
        database.close();
    }

    private static Result run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void helpListsTheCommands() {
        Result help = run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("import-plc", "backfill", "jobs", "report", "DATABASE_URL");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(run("import-plc").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("no-such-command").exitCode()).isEqualTo(ExitCodes.USAGE);
        Result missing = run("import-plc", "--source", "/no/such/export.jsonl");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("/no/such/export.jsonl");
        Result badDate = run("report", "--since", "last tuesday");
        assertThat(badDate.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badDate.err()).contains("--since");
    }

    @Test
    void importThenListAndReport() {
        Result imported = run("import-plc", "--source", "../samples/plc-export-sample.jsonl.gz");
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).containsPattern("plcImportJob execution \\d+: COMPLETED");

        Result list = run("jobs", "list", "--json");
        JsonNode executions = JsonMapper.builder().build().readTree(list.out());
        assertThat(executions.isArray()).isTrue();
        JsonNode latest = executions.get(0);
        assertThat(latest.get("job").asString()).isEqualTo("plcImportJob");
        assertThat(latest.get("status").asString()).isEqualTo("COMPLETED");

        Result report = run("report", "--job", "plcImportJob", "--since", "2000-01-01", "--json");
        JsonNode steps = JsonMapper.builder().build().readTree(report.out()).get(0).get("steps");
        assertThat(steps.valueStream().map(s -> s.get("name").asString()))
                .containsExactly("plcImportPathStep", "plcImportStep", "plcImportWorkerStep:partition0",
                        "plcImportWorkerStep:partition1", "plcImportBuildStep");
        JsonNode step = steps.get(1);
        assertThat(step.get("read").asLong()).isEqualTo(2000);
        assertThat(step.get("written").asLong()).isEqualTo(2000);

        Result show = run("jobs", "show", latest.get("executionId").asString());
        assertThat(show.out()).contains("COMPLETED", "plcImportStep", "read 2,000");
    }

    @Test
    void aFailedRunSaysWhatWentWrongAndHowToRestart(@TempDir Path dir) throws Exception {
        byte[] export = Files.readAllBytes(Path.of("..", "samples", "plc-export-sample.jsonl.gz"));
        Path cutOff = Files.write(dir.resolve("cut-off.jsonl.gz"), java.util.Arrays.copyOf(export, 30_000));

        Result failed = run("import-plc", "--source", cutOff.toString());

        assertThat(failed.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(failed.err()).containsPattern("plcImportJob execution \\d+: FAILED")
                .contains("reading " + cutOff + ": EOFException at byte", "of the compressed input",
                        "plcImportWorkerStep:partition0")
                .contains("bin/skybatch jobs restart")
                .doesNotContain("Partition handler returned an unsuccessful step");
    }

    @Test
    void restartingACompletedExecutionFailsWithAReason() {
        run("import-plc", "--source", "../samples/plc-export-sample.jsonl.gz");
        String id = JsonMapper.builder().build().readTree(run("jobs", "list", "--json").out()).get(0)
                .get("executionId").asString();
        Result restart = run("jobs", "restart", id);
        assertThat(restart.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(restart.err()).containsIgnoringCase("complete");
    }

    @Test
    void backfillAPdsThenShowTheQueue() throws Exception {
        assertThat(run("backfill").exitCode()).as("nothing to backfill").isEqualTo(ExitCodes.USAGE);
        assertThat(run("backfill", "--pds", "a.example", "--did", "did:plc:x").exitCode()).isEqualTo(ExitCodes.USAGE);
        try (FakePds pds = new FakePds()) {
            Path tiny = TestData.path("repo-stream/car-samples/tiny.car");
            pds.repo("did:plc:7hptvnhdyeu53xp6rz7e42iy", Files.readAllBytes(tiny))
                    .error("did:plc:takendownaaaaaaaaaaaaaaa", 400, "RepoTakendown");

            Result backfill = run("backfill", "--pds", pds.url(), "--no-verify-signatures",
                    "--collections", "app.bsky.feed.post,app.bsky.feed.like");
            assertThat(backfill.exitCode()).as(backfill.err()).isZero();
            assertThat(backfill.out()).containsPattern("backfillReposJob execution \\d+: COMPLETED");
        }

        Result status = run("backfill", "status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).containsPattern("done\\s+1\\n").containsPattern("takendown\\s+1\\n")
                .contains("did:plc:takendownaaaaaaaaaaaaaaa", "RepoTakendown");
        JsonNode json = JsonMapper.builder().build().readTree(run("backfill", "status", "--json").out());
        assertThat(json.get("counts").get("DONE").asLong()).isOne();
        assertThat(json.get("recentFailures").get(0).get("status").asString()).isEqualTo("TAKENDOWN");
        assertThat(json.get("recentFailures").get(0).get("attempts").asInt()).isOne();
    }

    private static String executionId(Result result) {
        Matcher matcher = EXECUTION.matcher(result.out() + result.err());
        assertThat(matcher.find()).as(result.out() + result.err()).isTrue();
        return matcher.group(1);
    }

    @Test
    void aDirectoryAsSourceIsAUsageError(@TempDir Path dir) {
        Result result = run("import-plc", "--source", dir.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains(dir + " is a directory, not an export file");
    }

    @Test
    void aRelativeSourceIsStoredAbsoluteAndARestartOnAnotherFileIsRefused(@TempDir Path dir) throws Exception {
        List<String> lines = AuditLogExports.allValidLogs();
        Path export = AuditLogExports.write(dir.resolve("export.jsonl"), lines);
        Path relative = Path.of("").toAbsolutePath().relativize(export);
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        run("jobs", "list"); // migrates the database
        jdbc.execute("TRUNCATE skybatch.actor_identity");
        // the first run (a first load: the tables are empty) fails on one DID in the middle of the file
        Result failed;
        try (InjectedFailure refusal = InjectedFailure.refusingLoadedIdentityOf(jdbc,
                "did:plc:yk4dd2qkboz2yv6tpubpc6co")) {
            failed = run("import-plc", "--source", relative.toString());
        }
        assertThat(failed.exitCode()).as(failed.err()).isEqualTo(ExitCodes.FAILED);
        String id = executionId(failed);
        assertThat(jdbc.queryForObject("SELECT parameter_value FROM skybatch.batch_job_execution_params"
                + " WHERE job_execution_id = ? AND parameter_name = 'source'", String.class, Long.parseLong(id)))
                .isEqualTo(export.toString());

        byte[] original = Files.readAllBytes(export);
        AuditLogExports.write(export, lines.subList(0, lines.size() - 1));
        Result refused = run("jobs", "restart", id);
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.err()).contains(export + " is not the file this import began with");

        Files.write(export, original);
        Result restarted = run("jobs", "restart", id);
        assertThat(restarted.exitCode()).as(restarted.err()).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM skybatch.actor_identity", Long.class)).isEqualTo(10);
    }
}
