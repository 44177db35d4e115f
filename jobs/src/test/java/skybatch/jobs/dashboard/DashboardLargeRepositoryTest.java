package skybatch.jobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import skybatch.jobs.testing.SkybatchTestApp;

/**
 * The dashboard over a job repository seeded with 100,000 executions (200,000 steps) and 100,000 quarantined
 * lines of the latest 1,000 executions, from 50 sources, in the last 28 days: pages show the newest first a page at a time, the next page continues where the first ended, and the
 * queries behind them use indexes, not scans of the large tables. It prints how long each page took to render.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardLargeRepositoryTest {

    private static final int EXECUTIONS = 100_000;
    private static final Pattern EXECUTION_ROW = Pattern.compile("data-execution=\"(\\d+)\"");

    private SkybatchTestApp app;
    private JdbcTemplate jdbc;
    private DashboardDocuments documents;

    @BeforeAll
    void seed() {
        app = SkybatchTestApp.start();
        jdbc = app.jdbc();
        documents = app.bean(DashboardDocuments.class);
        jdbc.update("""
                INSERT INTO skybatch.batch_job_instance (job_instance_id, version, job_name, job_key)
                SELECT n, 0, (ARRAY['plcImportJob', 'verifyHandlesJob', 'backfillReposJob'])[n % 3 + 1], md5(n::text)
                FROM generate_series(1, ?) n""", EXECUTIONS);
        jdbc.update("""
                INSERT INTO skybatch.batch_job_execution (job_execution_id, version, job_instance_id, create_time,
                    start_time, end_time, status, exit_code, exit_message, last_updated)
                SELECT n, 2, n, t, t, t + make_interval(secs => n % 600), s, s, '', t
                FROM (SELECT n, timestamp '2026-01-01' + make_interval(mins => n) AS t,
                             CASE WHEN n % 10 = 0 THEN 'FAILED' ELSE 'COMPLETED' END AS s
                      FROM generate_series(1, ?) n) seeded""", EXECUTIONS);
        jdbc.update("""
                INSERT INTO skybatch.batch_step_execution (step_execution_id, version, step_name, job_execution_id,
                    create_time, start_time, end_time, status, commit_count, read_count, filter_count, write_count,
                    read_skip_count, write_skip_count, process_skip_count, rollback_count, exit_code, exit_message,
                    last_updated)
                SELECT 2 * n + k, 2, CASE k WHEN 0 THEN 'step' ELSE 'step:partition0' END, n,
                       e.start_time, e.start_time, e.end_time, 'COMPLETED', 10, 1000 + n % 1000, 0, 1000, 0, 0, 0, 0,
                       'COMPLETED', '', e.end_time
                FROM generate_series(1, ?) n CROSS JOIN generate_series(0, 1) k
                JOIN skybatch.batch_job_execution e ON e.job_execution_id = n""", EXECUTIONS);
        jdbc.update("""
                INSERT INTO skybatch.batch_job_execution_params (job_execution_id, parameter_name, parameter_type,
                    parameter_value, identifying)
                SELECT n, 'source', 'java.lang.String', 'export-' || n || '.jsonl.gz', 'Y'
                FROM generate_series(1, ?) n""", EXECUTIONS);
        jdbc.update("""
                INSERT INTO skybatch.quarantine (job_execution_id, source, position, did, reason, raw, quarantined_at)
                SELECT ? - n % 1000, 'export-' || n % 50 || '.jsonl.gz', 'line ' || n, NULL, 'invalid JSON: at ' || n, '{',
                       now() - make_interval(mins => n % 40000)
                FROM generate_series(1, ?) n""", EXECUTIONS, EXECUTIONS);
        jdbc.execute("ANALYZE");
    }

    @AfterAll
    void close() {
        app.close();
    }

    private static List<Long> executionRows(String html) {
        Matcher matcher = EXECUTION_ROW.matcher(html);
        List<Long> ids = new java.util.ArrayList<>();
        while (matcher.find()) {
            ids.add(Long.valueOf(matcher.group(1)));
        }
        return ids;
    }

    private String timed(String what, java.util.function.Supplier<String> render) {
        render.get(); // once to warm up templates and connections
        long start = System.nanoTime();
        String html = render.get();
        System.out.printf("dashboard with %,d executions: %s rendered in %d ms%n", EXECUTIONS, what,
                (System.nanoTime() - start) / 1_000_000);
        return html;
    }

    @Test
    void theOverviewShowsTheNewestExecutionsAPageAtATime() {
        DashboardPage overview = documents.page(Links.OVERVIEW).orElseThrow();
        String first = timed("the overview", () -> documents.served(overview, Map.of(), false));
        List<Long> ids = executionRows(first);
        assertThat(ids).hasSize(50).startsWith((long) EXECUTIONS, EXECUTIONS - 1L).endsWith(EXECUTIONS - 49L);
        assertThat(first).contains("href=\"/?before=" + (EXECUTIONS - 49) + "\"");
        assertThat(first.split("class=\"chart\"", -1)).as("a chart per job").hasSize(4);

        String second = documents.served(overview, Map.of("before", String.valueOf(EXECUTIONS - 49)), false);
        assertThat(executionRows(second)).hasSize(50).startsWith(EXECUTIONS - 50L);
    }

    @Test
    void anExecutionAndTheQuarantineRenderFromIndexes() {
        String execution = timed("an execution", () -> documents.servedExecution(50_000, false));
        assertThat(execution).contains("source=export-50000.jsonl.gz", "step:partition0");
        String quarantine = timed("the quarantine",
                () -> documents.served(documents.page("quarantine").orElseThrow(), Map.of(), false));
        assertThat(quarantine).contains("line 100000", "invalid JSON", "href=\"/quarantine?before=99951\"");
        String filtered = documents.served(documents.page("quarantine").orElseThrow(),
                Map.of("source", "export-7.jsonl.gz"), false);
        assertThat(filtered).contains("line 99957<", "line 99907<").doesNotContain("line 100000<", "line 99958<");
        String report = timed("the report file of 100 executions", () -> documents.report(100));
        assertThat(report).contains("id=\"execution-99901\"").doesNotContain("id=\"execution-99900\"");
    }

    @Test
    void theQueriesOfAPageUseIndexes() {
        for (String query : List.of(
                "SELECT * FROM skybatch.batch_step_execution WHERE job_execution_id IN (99990, 99991, 99992)",
                "SELECT * FROM skybatch.batch_job_execution_params WHERE job_execution_id IN (99990, 99991)",
                "SELECT * FROM skybatch.batch_job_execution WHERE status IN ('STARTING', 'STARTED', 'STOPPING')",
                "SELECT * FROM skybatch.batch_job_execution WHERE job_instance_id = 5000",
                "SELECT count(*) FROM skybatch.quarantine WHERE quarantined_at > now() - interval '1 day'")) {
            String plan = String.join("\n", jdbc.queryForList("EXPLAIN " + query, String.class));
            assertThat(plan).as(query).doesNotContain("Seq Scan");
        }
    }
}
