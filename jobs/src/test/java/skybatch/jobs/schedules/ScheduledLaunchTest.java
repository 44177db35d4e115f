package skybatch.jobs.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import skybatch.jobs.testing.AuditLogExports;
import skybatch.jobs.testing.Eventually;
import skybatch.jobs.testing.FakePlcDirectory;
import skybatch.schedules.Schedule;
import skybatch.schedules.control.SchedulerService;
import skybatch.schedules.launch.Launch;
import skybatch.schedules.launch.ScheduledLauncher;
import skybatch.writers.testing.TestDatabase;
import tools.jackson.databind.json.JsonMapper;

/** Firings that launch real Spring Batch jobs: new runs, restarts of failed and stopped ones, missing jobs. */
class ScheduledLaunchTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String[] DEFAULTS_OFF = {"skybatch.schedules.plc-sync.enabled=false",
            "skybatch.schedules.verify-handles.enabled=false", "skybatch.schedules.reverify-invalid.enabled=false"};

    private static String createdAt(String line) {
        return JsonMapper.builder().build().readTree(line).get("createdAt").asString();
    }

    private static List<Map<String, Object>> withStatus(ScheduledApp app, String job, String status) {
        return app.executions(job).stream().filter(e -> status.equals(e.get("status"))).toList();
    }

    @Test
    void plcSyncImportsFromTheDirectoryThenContinuesAfterTheLastCursor() throws Exception {
        List<String> lines = AuditLogExports.allValidLogs();
        // the reader's cursor: the last operation's createdAt, as an Instant prints it
        String lastCursor = Instant.parse(createdAt(lines.get(lines.size() - 1))).toString();
        try (TestDatabase database = TestDatabase.migrated();
                FakePlcDirectory plc = new FakePlcDirectory(lines, ScheduledLaunchTest::createdAt);
                ScheduledApp app = ScheduledApp.on(database, "skybatch.schedules.plc-sync.cron=* * * * * ?",
                        "skybatch.schedules.plc-sync.source=" + plc.url(), DEFAULTS_OFF[1], DEFAULTS_OFF[2],
                        "skybatch.plc.page-size=5").startScheduler()) {
            Eventually.within(DEADLINE, () -> withStatus(app, "plcImportJob", "COMPLETED").size() >= 2,
                    () -> "two completed runs: " + app.executions("plcImportJob"));

            List<Map<String, Object>> runs = withStatus(app, "plcImportJob", "COMPLETED");
            Map<String, String> first = app.parameters((Long) runs.get(0).get("job_execution_id"));
            Map<String, String> second = app.parameters((Long) runs.get(1).get("job_execution_id"));
            assertThat(first).containsEntry("schedule", "plc-sync").containsEntry("source", plc.url())
                    .containsKey("fireTime").doesNotContainKey("after");
            assertThat(second).containsEntry("after", lastCursor);
            assertThat(Instant.parse(second.get("fireTime"))).isAfter(Instant.parse(first.get("fireTime")));
            assertThat(plc.requests()).first().isEqualTo("/export?count=5");
            assertThat(plc.requests()).contains("/export?count=5&after="
                    + URLEncoder.encode(lastCursor, StandardCharsets.UTF_8));
            assertThat(app.jdbc().queryForObject("SELECT count(*) FROM skybatch.actor_identity", Long.class))
                    .isPositive();
        }
    }

    @Test
    void aFailedRunIsRestartedByTheNextFiringNotStartedOver() throws Exception {
        TestJobs.FLAKY_FAILURES.set(1);
        try (TestDatabase database = TestDatabase.migrated();
                ScheduledApp app = ScheduledApp.on(database, DEFAULTS_OFF).startScheduler()) {
            app.schedule("flaky", TestJobs.FLAKY, "* * * * * ?");
            Eventually.within(DEADLINE, () -> !withStatus(app, TestJobs.FLAKY, "COMPLETED").isEmpty(),
                    () -> "a completed run: " + app.executions(TestJobs.FLAKY));

            List<Map<String, Object>> executions = app.executions(TestJobs.FLAKY);
            assertThat(executions.get(0).get("status")).isEqualTo("FAILED");
            assertThat(executions.get(1).get("status")).isEqualTo("COMPLETED");
            assertThat(executions.get(1).get("job_instance_id")).as("the same instance, restarted")
                    .isEqualTo(executions.get(0).get("job_instance_id"));
        }
    }

    @Test
    void aGracefulStopLeavesTheRunStoppedAndTheNextSchedulerRestartsIt() throws Exception {
        TestJobs.SLOW_RELEASED.set(false);
        try (TestDatabase database = TestDatabase.migrated()) {
            try (ScheduledApp first = ScheduledApp.on(database, DEFAULTS_OFF).startScheduler()) {
                first.schedule("slow", TestJobs.SLOW, "* * * * * ?");
                Eventually.within(DEADLINE, () -> !withStatus(first, TestJobs.SLOW, "STARTED").isEmpty(),
                        () -> "a running job: " + first.executions(TestJobs.SLOW));

                first.bean(SchedulerService.class).stopGracefully();

                assertThat(first.executions(TestJobs.SLOW)).extracting(e -> e.get("status")).containsExactly("STOPPED");
                assertThat(first.bean(SchedulerService.class).isRunning()).isFalse();
            }
            TestJobs.SLOW_RELEASED.set(true);
            try (ScheduledApp second = ScheduledApp.on(database, DEFAULTS_OFF).startScheduler()) {
                second.schedule("slow", TestJobs.SLOW, "* * * * * ?");
                Eventually.within(DEADLINE, () -> !withStatus(second, TestJobs.SLOW, "COMPLETED").isEmpty(),
                        () -> "a completed run: " + second.executions(TestJobs.SLOW));
                List<Map<String, Object>> executions = second.executions(TestJobs.SLOW);
                assertThat(executions.get(1).get("job_instance_id")).as("the stopped instance, restarted")
                        .isEqualTo(executions.get(0).get("job_instance_id"));
            }
        }
    }

    @Test
    void aJobThatIsNotThereIsWarnedAboutAndTheSchedulerGoesOn() throws Exception {
        try (TestDatabase database = TestDatabase.migrated();
                ScheduledApp app = ScheduledApp.on(database, DEFAULTS_OFF).startScheduler()) {
            assertThat(app.bean(ScheduledLauncher.class)
                    .launch(new Launch("ghost", "noSuchJob", Map.of(), Instant.now()))).isEmpty();

            app.schedule("ghost", "noSuchJob", "* * * * * ?");
            app.schedule("quick", TestJobs.QUICK, "* * * * * ?");
            Eventually.within(DEADLINE, () -> withStatus(app, TestJobs.QUICK, "COMPLETED").size() >= 2,
                    () -> "the other schedule goes on: " + app.executions(TestJobs.QUICK));
            TriggerKey ghost = TriggerKey.triggerKey("ghost", Schedule.GROUP);
            assertThat(app.scheduler().getTrigger(ghost).getPreviousFireTime()).as("it fired").isNotNull();
            assertThat(app.scheduler().getTriggerState(ghost)).isEqualTo(Trigger.TriggerState.NORMAL);
            assertThat(app.executions("noSuchJob")).isEmpty();
        }
    }
}
