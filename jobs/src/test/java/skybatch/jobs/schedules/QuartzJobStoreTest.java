package skybatch.jobs.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quartz.CronTrigger;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerMetaData;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.quartz.LocalDataSourceJobStore;
import skybatch.schedules.Schedule;
import skybatch.schedules.control.LiveSchedulers;
import skybatch.schedules.control.ScheduleControl;
import skybatch.writers.testing.TestDatabase;

/** Migration V6, the clustered scheduler on its tables, and the triggers registered from the settings. */
class QuartzJobStoreTest {

    private static final List<String> QUARTZ_TABLES = List.of("qrtz_blob_triggers", "qrtz_calendars",
            "qrtz_cron_triggers", "qrtz_fired_triggers", "qrtz_job_details", "qrtz_locks", "qrtz_paused_trigger_grps",
            "qrtz_scheduler_state", "qrtz_simple_triggers", "qrtz_simprop_triggers", "qrtz_triggers");

    @Test
    void theMigrationCreatesTheQuartzTablesAsTheQuartzJarDefinesThem() throws IOException {
        try (TestDatabase database = TestDatabase.migrated()) {
            assertThat(new JdbcTemplate(database.dataSource()).queryForList("SELECT table_name FROM"
                    + " information_schema.tables WHERE table_schema = 'skybatch' AND table_name LIKE 'qrtz%'"
                    + " ORDER BY table_name", String.class)).isEqualTo(QUARTZ_TABLES);
        }
        assertThat(createStatements("db/migration/V6__quartz_job_store.sql"))
                .as("V6 holds the CREATE statements of the Quartz on the classpath: 11 tables, 20 indexes")
                .hasSize(31)
                .isEqualTo(createStatements("org/quartz/impl/jdbcjobstore/tables_postgres.sql"));
    }

    @Test
    void theSchedulerStartsClusteredOnThemAndRegistersTheSettings() throws Exception {
        try (TestDatabase database = TestDatabase.migrated();
                ScheduledApp app = ScheduledApp.on(database, "skybatch.schedules.reverify-invalid.enabled=false")
                        .startScheduler()) {
            Scheduler scheduler = app.scheduler();
            SchedulerMetaData meta = scheduler.getMetaData();
            assertThat(meta.isJobStoreClustered()).isTrue();
            assertThat(meta.getJobStoreClass()).isEqualTo(LocalDataSourceJobStore.class);
            assertThat(scheduler.isStarted()).isTrue();
            assertThat(app.bean(LiveSchedulers.class).instances()).containsExactly(scheduler.getSchedulerInstanceId());
            assertThat(app.jdbc().queryForList("SELECT trigger_name || ' ' || cron_expression"
                    + " FROM skybatch.qrtz_cron_triggers ORDER BY trigger_name", String.class))
                    .containsExactly("plc-sync 0 0 3 * * ?", "verify-handles 0 30 * * * ?");
        }
    }

    @Test
    void registeringAgainReplacesAChangedCronKeepsItsPauseAndRemovesATurnedOffSchedule() throws Exception {
        TriggerKey plcSync = TriggerKey.triggerKey("plc-sync", Schedule.GROUP);
        try (TestDatabase database = TestDatabase.migrated()) {
            long reverifyNext;
            try (ScheduledApp first = ScheduledApp.on(database)) {
                first.bean(ScheduleControl.class).pause("plc-sync");
                reverifyNext = nextFireTime(first, "reverify-invalid");
            }
            try (ScheduledApp second = ScheduledApp.on(database, "skybatch.schedules.plc-sync.cron=0 0 1 * * ?",
                    "skybatch.schedules.verify-handles.enabled=false").startScheduler()) {
                Scheduler scheduler = second.scheduler();
                assertThat(((CronTrigger) scheduler.getTrigger(plcSync)).getCronExpression())
                        .isEqualTo("0 0 1 * * ?");
                assertThat(scheduler.getTriggerState(plcSync)).as("still paused")
                        .isEqualTo(Trigger.TriggerState.PAUSED);
                assertThat(scheduler.checkExists(JobKey.jobKey("verify-handles", Schedule.GROUP))).as("turned off")
                        .isFalse();
                assertThat(nextFireTime(second, "reverify-invalid")).as("unchanged, left alone")
                        .isEqualTo(reverifyNext);
            }
        }
    }

    private static long nextFireTime(ScheduledApp app, String trigger) {
        return app.jdbc().queryForObject("SELECT next_fire_time FROM skybatch.qrtz_triggers WHERE trigger_name = ?",
                Long.class, trigger);
    }

    /** A script's CREATE statements, without comments, whitespace normalized, in order. */
    private static List<String> createStatements(String resource) throws IOException {
        try (InputStream in = QuartzJobStoreTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)--.*$", "");
            return Arrays.stream(sql.split(";")).map(s -> s.trim().replaceAll("\\s+", " "))
                    .filter(s -> s.startsWith("CREATE ")).toList();
        }
    }
}
