package skybatch.jobs.schedules;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.quartz.Scheduler;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import skybatch.jobs.SkybatchApplication;
import skybatch.schedules.Misfire;
import skybatch.schedules.Schedule;
import skybatch.schedules.control.SchedulerService;
import skybatch.schedules.launch.LaunchBatchJob;
import skybatch.writers.testing.TestDatabase;

/**
 * The application with the {@link TestJobs} on a test database, as a {@code serve} process has it. Only one at a
 * time in a JVM: Quartz keeps the job store's connection source in a JVM-wide registry under the scheduler's name,
 * so a second context would take over the first one's (ServeProcessTest runs schedulers side by side, in
 * processes). Closing it leaves the database to its owner.
 */
final class ScheduledApp implements AutoCloseable {

    private final TestDatabase database;
    private final ConfigurableApplicationContext context;

    private ScheduledApp(TestDatabase database, String... properties) {
        this.database = database;
        String[] arguments = new String[properties.length + 1];
        arguments[0] = "--skybatch.database-url=" + database.jdbcUrl();
        for (int i = 0; i < properties.length; i++) {
            arguments[i + 1] = "--" + properties[i];
        }
        context = new SpringApplicationBuilder(SkybatchApplication.class, TestJobs.class).registerShutdownHook(false)
                .run(arguments);
    }

    /** @param properties settings such as {@code skybatch.schedules.plc-sync.cron=* * * * * ?} */
    static ScheduledApp on(TestDatabase database, String... properties) {
        return new ScheduledApp(database, properties);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    Scheduler scheduler() {
        return bean(Scheduler.class);
    }

    /** Registers the triggers of the settings and starts firing, as {@code serve} does. */
    ScheduledApp startScheduler() throws Exception {
        bean(SchedulerService.class).start();
        return this;
    }

    /**
     * Stores a schedule of a test job the way the registrar stores the configured ones. Call it after
     * {@link #startScheduler()}: registering the settings removes schedules they do not name.
     */
    void schedule(String name, String job, String cron) {
        Schedule schedule = new Schedule(name, job, true, cron, Misfire.SKIP, Map.of());
        new TransactionTemplate(bean(PlatformTransactionManager.class)).executeWithoutResult(status -> {
            try {
                scheduler().scheduleJob(LaunchBatchJob.of(schedule), Set.of(schedule.trigger()), true);
            } catch (org.quartz.SchedulerException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    JdbcTemplate jdbc() {
        return new JdbcTemplate(database.dataSource());
    }

    /** The statuses of a job's executions, oldest first, with their instance ids. */
    List<Map<String, Object>> executions(String job) {
        return jdbc().queryForList("""
                SELECT e.job_execution_id, e.job_instance_id, e.status
                FROM skybatch.batch_job_execution e JOIN skybatch.batch_job_instance i USING (job_instance_id)
                WHERE i.job_name = ? ORDER BY e.job_execution_id""", job);
    }

    /** An execution's parameters, name to value. */
    Map<String, String> parameters(long executionId) {
        Map<String, String> parameters = new java.util.TreeMap<>();
        jdbc().query("SELECT parameter_name, parameter_value FROM skybatch.batch_job_execution_params"
                + " WHERE job_execution_id = ?", (java.sql.ResultSet rs) -> {
                    parameters.put(rs.getString(1), rs.getString(2));
                }, executionId);
        return parameters;
    }

    /**
     * Stops a started scheduler gracefully first, as {@code serve} does on SIGTERM: a run under way stops at its
     * next chunk boundary while the beans it uses are there (closed under it, a PLC import from a URL could no
     * longer connect and would retry for three minutes before failing).
     */
    @Override
    public void close() throws Exception {
        SchedulerService scheduler = bean(SchedulerService.class);
        if (scheduler.isRunning()) {
            scheduler.stopGracefully();
        }
        context.close();
    }
}
