package skybatch.jobs.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import skybatch.jobs.SkybatchApplication;
import skybatch.jobs.firehose.FirehoseTailJobConfiguration;
import skybatch.jobs.operations.JobRunner;
import skybatch.jobs.plc.PlcImportJobConfiguration;
import skybatch.writers.testing.TestDatabase;

/** The real application context on a fresh test database, with helpers to launch jobs and read tables. */
public final class SkybatchTestApp implements AutoCloseable {

    private final TestDatabase database;
    private final ConfigurableApplicationContext context;

    private SkybatchTestApp(TestDatabase database, String... properties) {
        this.database = database;
        // as command-line arguments, the settings win over application.properties and the environment
        String[] arguments = new String[properties.length + 1];
        arguments[0] = "--skybatch.database-url=" + database.jdbcUrl();
        for (int i = 0; i < properties.length; i++) {
            arguments[i + 1] = "--" + properties[i];
        }
        this.context = new SpringApplicationBuilder(SkybatchApplication.class).registerShutdownHook(false)
                .run(arguments);
    }

    /**
     * The application on a migrated copy ({@link TestDatabase#migrated()}): its own migration, on start, finds
     * nothing to do.
     *
     * @param properties extra settings, e.g. {@code skybatch.plc.chunk-size=3}
     */
    public static SkybatchTestApp start(String... properties) {
        return new SkybatchTestApp(TestDatabase.migrated(), properties);
    }

    /**
     * The application with its firehose journal in {@code journal}, tailed in chunks of {@code chunkSize} events;
     * a DID whose key no one stored resolves nowhere (a closed loopback port), at once.
     */
    public static SkybatchTestApp firehose(Path journal, int chunkSize) {
        return start("skybatch.firehose.journal=" + journal, "skybatch.firehose.chunk-size=" + chunkSize,
                "skybatch.firehose.idle-commit=100ms", "skybatch.identity.plc-url=http://127.0.0.1:9",
                "skybatch.allow-addresses=127.0.0.1", "skybatch.identity.http-timeout=1s");
    }

    /** firehoseTailJob applying what the journal holds, to its end. */
    public JobExecution drainFirehose() throws Exception {
        Job job = context.getBean(FirehoseTailJobConfiguration.JOB_NAME, Job.class);
        return bean(JobRunner.class).start(job, new JobParametersBuilder()
                .addString(FirehoseTailJobConfiguration.DRAIN, "true").addLong("launched", System.nanoTime())
                .toJobParameters());
    }

    public static SkybatchTestApp on(TestDatabase database, String... properties) {
        return new SkybatchTestApp(database, properties);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public <T> T bean(String name, Class<T> type) {
        return context.getBean(name, type);
    }

    /** Every bean of the type, by name. */
    public <T> Map<String, T> beans(Class<T> type) {
        return context.getBeansOfType(type);
    }

    /** The port of the web server, when started with {@code spring.main.web-application-type=servlet}. */
    public int localServerPort() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public JdbcTemplate jdbc() {
        return new JdbcTemplate(database.dataSource());
    }

    public TestDatabase database() {
        return database;
    }

    public JobExecution importPlc(String source) throws Exception {
        return importPlc(source, null);
    }

    public JobExecution importPlc(String source, String after) throws Exception {
        JobParametersBuilder parameters = new JobParametersBuilder()
                .addString(PlcImportJobConfiguration.SOURCE, source)
                .addLong("launched", System.nanoTime());
        if (after != null) {
            parameters.addString(PlcImportJobConfiguration.AFTER, after);
        }
        Job job = context.getBean(PlcImportJobConfiguration.JOB_NAME, Job.class);
        return bean(JobRunner.class).start(job, parameters.toJobParameters());
    }

    /** Empties the tables an import writes, between tests that share the app. */
    public void clearIdentityTables() {
        jdbc().execute("TRUNCATE skybatch.actor_identity, skybatch.quarantine, bsky.actor, bsky.did_cache,"
                + " skybatch.plc_load_built");
        jdbc().execute("DROP TABLE IF EXISTS skybatch.plc_load_actor_identity, skybatch.plc_load_actor,"
                + " skybatch.plc_load_did_cache; DROP SEQUENCE IF EXISTS skybatch.plc_load_stamp");
    }

    /** Every identity row an import writes, in a stable order, without the columns that hold wall-clock times. */
    public List<Map<String, Object>> identityRows() {
        return identityRows(jdbc());
    }

    public static List<Map<String, Object>> identityRows(JdbcTemplate jdbc) {
        return jdbc.queryForList("""
                SELECT i.did, i.claimed_handle, i.pds_endpoint, i.signing_key, i.tombstoned, i.plc_cid,
                       i.plc_created_at, a.handle AS actor_handle, (a.did IS NOT NULL) AS has_actor, d.doc::text AS doc
                FROM skybatch.actor_identity i
                LEFT JOIN bsky.actor a ON a.did = i.did
                LEFT JOIN bsky.did_cache d ON d.did = i.did
                ORDER BY i.did
                """);
    }

    /** Closes the application as a shutdown does, and leaves its database to the next one. */
    public void closeApplication() {
        context.close();
    }

    @Override
    public void close() {
        context.close();
        database.close();
    }
}
