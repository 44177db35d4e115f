package skybatch.jobs.cli;

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
import skybatch.writers.testing.TestDatabase;

/** What import-plc makes of its --source: a file is named absolutely and recognised again on restart. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportPlcSourceTest {

    private static final Pattern EXECUTION = Pattern.compile("plcImportJob execution (\\d+)");
    private TestDatabase database;

    @TempDir
    Path dir;

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

    private static String executionId(Result result) {
        Matcher matcher = EXECUTION.matcher(result.out() + result.err());
        assertThat(matcher.find()).as(result.out() + result.err()).isTrue();
        return matcher.group(1);
    }

    @Test
    void aDirectoryIsAUsageError() {
        Result result = CliRun.run("import-plc", "--source", dir.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains(dir + " is a directory, not an export file");
    }

    @Test
    void aRelativeSourceIsStoredAbsoluteAndARestartOnAnotherFileIsRefused() throws Exception {
        List<String> lines = AuditLogExports.allValidLogs();
        Path export = AuditLogExports.write(dir.resolve("export.jsonl"), lines);
        Path relative = Path.of("").toAbsolutePath().relativize(export);
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        // the first run fails on one DID in the middle of the file
        CliRun.run("jobs", "list"); // migrates the database
        jdbc.execute("""
                CREATE FUNCTION skybatch.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'injected failure for %', NEW.did; END $$;
                CREATE TRIGGER refuse BEFORE INSERT ON skybatch.actor_identity FOR EACH ROW
                WHEN (NEW.did = 'did:plc:yk4dd2qkboz2yv6tpubpc6co') EXECUTE FUNCTION skybatch.refuse();
                """);
        Result failed;
        try {
            failed = CliRun.run("import-plc", "--source", relative.toString());
        } finally {
            jdbc.execute("DROP TRIGGER refuse ON skybatch.actor_identity; DROP FUNCTION skybatch.refuse()");
        }
        assertThat(failed.exitCode()).as(failed.err()).isEqualTo(ExitCodes.FAILED);
        String id = executionId(failed);
        assertThat(jdbc.queryForObject("SELECT parameter_value FROM skybatch.batch_job_execution_params"
                + " WHERE job_execution_id = ? AND parameter_name = 'source'", String.class, Long.parseLong(id)))
                .isEqualTo(export.toString());

        byte[] original = Files.readAllBytes(export);
        AuditLogExports.write(export, lines.subList(0, lines.size() - 1));
        Result refused = CliRun.run("jobs", "restart", id);
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.err()).contains(export + " is not the file this import began with");

        Files.write(export, original);
        Result restarted = CliRun.run("jobs", "restart", id);
        assertThat(restarted.exitCode()).as(restarted.err()).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM skybatch.actor_identity", Long.class)).isEqualTo(10);
    }
}
