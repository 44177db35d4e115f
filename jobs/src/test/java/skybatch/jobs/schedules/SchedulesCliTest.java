package skybatch.jobs.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import skybatch.jobs.testing.AuditLogExports;
import skybatch.jobs.testing.CliRun;
import skybatch.jobs.testing.FakePlcDirectory;
import skybatch.writers.testing.TestDatabase;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bin/skybatch schedules ...} in this JVM, against a test database and a PLC directory stand-in, with no
 * serve process running ({@code ServeProcessTest} fires a schedule in one).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchedulesCliTest {

    private static final String[] SETTINGS = {"skybatch.database-url", "skybatch.schedules.plc-sync.source",
            "skybatch.schedules.verify-handles.enabled"};

    private TestDatabase database;
    private FakePlcDirectory plc;

    @BeforeAll
    void start() throws Exception {
        database = TestDatabase.migrated();
        plc = new FakePlcDirectory(AuditLogExports.allValidLogs(),
                line -> JsonMapper.builder().build().readTree(line).get("createdAt").asString());
        System.setProperty(SETTINGS[0], database.jdbcUrl());
        System.setProperty(SETTINGS[1], plc.url());
        System.setProperty(SETTINGS[2], "false");
    }

    @AfterAll
    void stop() {
        for (String setting : SETTINGS) {
            System.clearProperty(setting);
        }
        plc.close();
        database.close();
    }

    /** The line of {@code schedules list} that shows one schedule. */
    private static String listed(String name) {
        CliRun.Result list = CliRun.run("schedules", "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        return list.out().lines().filter(line -> line.startsWith(name + " ")).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not listed:\n" + list.out()));
    }

    private long plcImports() {
        return new JdbcTemplate(database.dataSource()).queryForObject(
                "SELECT count(*) FROM skybatch.batch_job_execution e JOIN skybatch.batch_job_instance i"
                        + " USING (job_instance_id) WHERE i.job_name = 'plcImportJob' AND e.status = 'COMPLETED'",
                Long.class);
    }

    @Test
    void listPauseAndResume() {
        assertThat(CliRun.run("schedules", "list").out()).contains("NAME", "JOB", "CRON", "ENABLED", "STATE", "NEXT",
                "PREVIOUS");
        assertThat(listed("plc-sync")).contains("plcImportJob", "0 0 3 * * ?", "true", "NORMAL")
                .matches(".*NORMAL\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+-$");
        assertThat(listed("verify-handles")).contains("verifyHandlesJob", "false", "OFF");
        assertThat(listed("reverify-invalid")).contains("verifyHandlesJob", "0 0 5 ? * SUN", "true", "NORMAL");

        CliRun.Result pause = CliRun.run("schedules", "pause", "plc-sync");
        assertThat(pause.exitCode()).as(pause.err()).isZero();
        assertThat(listed("plc-sync")).contains("PAUSED");
        assertThat(listed("reverify-invalid")).contains("NORMAL");

        assertThat(CliRun.run("schedules", "resume", "plc-sync").exitCode()).isZero();
        assertThat(listed("plc-sync")).contains("NORMAL");
    }

    @Test
    void unknownOrTurnedOffSchedulesAreUsageErrors() {
        CliRun.Result unknown = CliRun.run("schedules", "pause", "nightly");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("nightly", "plc-sync", "verify-handles", "reverify-invalid");
        CliRun.Result off = CliRun.run("schedules", "trigger", "verify-handles");
        assertThat(off.exitCode()).isEqualTo(2);
        assertThat(off.err()).contains("turned off", "skybatch.schedules.verify-handles.enabled");
    }

    @Test
    void triggerWithoutAServeProcessSaysSoAndRunsHereWhenAsked() {
        long before = plcImports();
        CliRun.Result refused = CliRun.run("schedules", "trigger", "plc-sync");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("no serve process", "schedules trigger plc-sync --here");
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM skybatch.qrtz_simple_triggers", Long.class))
                .as("nothing left to fire later").isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM skybatch.qrtz_scheduler_state", Long.class))
                .as("no command but serve starts its scheduler").isZero();

        CliRun.Result here = CliRun.run("schedules", "trigger", "plc-sync", "--here");
        assertThat(here.exitCode()).as(here.err()).isZero();
        assertThat(here.out()).containsPattern("plcImportJob execution \\d+: COMPLETED");
        assertThat(plcImports()).isEqualTo(before + 1);
    }
}
