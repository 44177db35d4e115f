package skybatch.jobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import skybatch.jobs.SkybatchApplication;
import skybatch.jobs.testing.Eventually;
import skybatch.jobs.testing.SkybatchTestApp;
import skybatch.readers.testing.ChildJvm;
import skybatch.schedules.control.ScheduleControl;

/**
 * The dashboard in headless Chromium, served and as the report file, over three real runs of the PLC import: one
 * completed, one failed (a cut-off file), one that quarantined a line holding a {@code <script>}. Charts drew with
 * data, counts are the job repository's, the script shows as text and never runs, no page logs an error, and an
 * action without the token is refused. Screenshots of each page are left in target/dashboard-screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DashboardBrowserTest {

    private static final String TOKEN = "a-token-for-tests";
    private static final String SCRIPT = "<script>window.pwned = 1</script>";

    @TempDir
    static Path dir;

    private SkybatchTestApp app;
    private JdbcTemplate jdbc;
    private Chromium chromium;
    private String base;
    private final HttpClient http = HttpClient.newHttpClient();
    private long completed;
    private long failed;
    private long quarantined;

    @BeforeAll
    void runJobsAndOpenTheBrowser() throws Exception {
        app = SkybatchTestApp.start("spring.main.web-application-type=servlet", "server.address=127.0.0.1",
                "server.port=0", "skybatch.http.token=" + TOKEN, "skybatch.progress.sample-interval=100ms",
                "skybatch.plc.chunk-size=100", "skybatch.schedules.verify-handles.enabled=false",
                "skybatch.schedules.reverify-invalid.enabled=false");
        jdbc = app.jdbc();
        base = "http://127.0.0.1:" + app.localServerPort();

        completed = run(app.importPlc("../samples/plc-export-sample.jsonl.gz"), BatchStatus.COMPLETED);
        failed = run(app.importPlc(cutOffCopyOfTheSample().toString()), BatchStatus.FAILED);
        quarantined = run(app.importPlc(sampleWithABadLine().toString()), BatchStatus.COMPLETED);
        chromium = new Chromium(Files.createDirectories(dir.resolve("chromium-profile")));
    }

    @AfterAll
    void close() {
        if (chromium != null) {
            chromium.close();
        }
        app.close();
    }

    private static long run(JobExecution execution, BatchStatus expected) {
        assertThat(execution.getStatus()).as(execution.getExitStatus().getExitDescription()).isEqualTo(expected);
        return execution.getId();
    }

    /** A copy of the sample cut in half, under a new name each time (a job instance per source). */
    private Path cutOffCopyOfTheSample() throws IOException {
        byte[] gzip = Files.readAllBytes(Path.of("../samples/plc-export-sample.jsonl.gz"));
        Path cut = Files.createTempFile(dir, "cut-off", ".jsonl.gz");
        Files.write(cut, java.util.Arrays.copyOf(gzip, gzip.length / 2));
        return cut;
    }

    /** The sample's first 500 lines, the 101st a line that is not JSON and holds a script element. */
    private Path sampleWithABadLine() throws IOException {
        List<String> lines;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("../samples/plc-export-sample.jsonl.gz")))) {
            lines = new ArrayList<>(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().limit(500).toList());
        }
        lines.add(100, "{\"did\": \"did:plc:bad\" " + SCRIPT);
        Path file = dir.resolve("with-a-bad-line.jsonl");
        Files.write(file, lines);
        return file;
    }

    /** The page's text, or nothing while a navigation has no page yet (or ends the one the script ran in). */
    private String bodyText() {
        try {
            Object text = chromium.script("return document.body ? document.body.innerText : ''");
            return text == null ? "" : text.toString();
        } catch (WebDriverException navigating) {
            return "";
        }
    }

    /** Opens the page, after dropping what earlier pages logged. */
    private void open(String url) {
        chromium.errors();
        chromium.driver.get(url);
    }

    /** The charts on the page that drew: a canvas from uPlot, and more than no points. */
    private long drawnCharts() {
        return ((Number) chromium.script("""
                return Array.from(document.querySelectorAll('.chart[data-points]')).filter(c =>
                    Number(c.dataset.points) > 0 && c.querySelector('canvas') !== null
                    && c.offsetWidth > 0).length""")).longValue();
    }

    private Map<String, Object> row(String sql, Object... args) {
        return jdbc.queryForMap(sql, args);
    }

    @Test
    void overviewListsEveryExecutionWithTheRepositorysCountsAndDrawsAChartPerJob() throws Exception {
        HttpResponse<String> served = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).startsWith("default-src 'none'; script-src 'sha256-"));
        open(base + "/");

        assertThat(chromium.driver.getTitle()).startsWith("Overview");
        List<Long> ids = jdbc.queryForList(
                "SELECT job_execution_id FROM skybatch.batch_job_execution ORDER BY job_execution_id DESC", Long.class);
        List<WebElement> rows = chromium.driver.findElements(By.cssSelector("table.executions tr[data-execution]"));
        assertThat(rows).extracting(r -> Long.valueOf(r.getAttribute("data-execution"))).isEqualTo(ids);
        for (WebElement row : rows) {
            long id = Long.parseLong(row.getAttribute("data-execution"));
            Map<String, Object> db = row("""
                    SELECT e.status, (SELECT greatest(sum(read_count) FILTER (WHERE step_name LIKE '%:partition%'),
                                                      sum(read_count) FILTER (WHERE step_name NOT LIKE '%:partition%'))
                        FROM skybatch.batch_step_execution s WHERE s.job_execution_id = e.job_execution_id) AS items
                    FROM skybatch.batch_job_execution e WHERE e.job_execution_id = ?""", id);
            List<WebElement> cells = row.findElements(By.tagName("td"));
            assertThat(cells.get(2).getText()).isEqualTo(db.get("status"));
            assertThat(cells.get(5).getText().replace(",", "")).isEqualTo(String.valueOf(db.get("items")));
        }
        WebElement failedRow = rows.get(ids.indexOf(failed));
        assertThat(failedRow.findElement(By.cssSelector(".status.failed")).isDisplayed()).isTrue();
        assertThat(failedRow.findElement(By.cssSelector("td.exit")).getText()).contains("EOFException");
        assertThat(drawnCharts()).as("the plcImportJob chart").isEqualTo(1);
        assertThat(chromium.driver.findElements(By.cssSelector("table.schedules tbody tr td:first-child")))
                .extracting(WebElement::getText).containsExactlyElementsOf(app.bean(ScheduleControl.class).list()
                        .stream().map(schedule -> schedule.name()).toList());
        assertThat(chromium.errors()).isEmpty();
        chromium.screenshot("overview");
    }

    /**
     * A run under way, as a job in another process leaves it in the repository (seeded here: a test cannot hold a
     * real run still): the overview shows its steps with their counts and the items/s of each one's last sample.
     */
    @Test
    void theOverviewShowsWhatRunsNowWithItsLastSampledRate() {
        long id = 9_001;
        try {
            jdbc.update("INSERT INTO skybatch.batch_job_instance VALUES (?, 0, 'plcImportJob', 'running-now')", id);
            jdbc.update("""
                    INSERT INTO skybatch.batch_job_execution (job_execution_id, version, job_instance_id, create_time,
                        start_time, status, exit_code, exit_message, last_updated)
                    VALUES (?, 1, ?, now(), now() - interval '5 minutes', 'STARTED', 'EXECUTING', '', now())""", id, id);
            jdbc.update("""
                    INSERT INTO skybatch.batch_step_execution (step_execution_id, version, step_name, job_execution_id,
                        create_time, start_time, status, commit_count, read_count, filter_count, write_count,
                        read_skip_count, write_skip_count, process_skip_count, rollback_count, exit_code,
                        last_updated)
                    VALUES (?, 3, 'plcImportWorkerStep:partition0', ?, now(), now() - interval '5 minutes', 'STARTED',
                        12, 123456, 0, 123400, 56, 0, 0, 0, 'EXECUTING', now())""", id, id);
            jdbc.update("""
                    INSERT INTO skybatch.step_progress VALUES
                        (?, ?, 'plcImportWorkerStep:partition0', now() - interval '10 seconds', 100000, 99950, 50, 2000),
                        (?, ?, 'plcImportWorkerStep:partition0', now() - interval '5 seconds', 123456, 123400, 56, 4691)""",
                    id, id, id, id);

            open(base + "/");

            List<WebElement> cells = chromium.driver.findElements(By.cssSelector("table.running tbody tr td"));
            assertThat(cells).extracting(WebElement::getText).startsWith(String.valueOf(id), "plcImportJob", "STARTED")
                    .contains("plcImportWorkerStep:partition0", "123,456", "56", "4,691");
            WebElement listed = chromium.driver.findElement(By.cssSelector("tr[data-execution='" + id + "']"));
            assertThat(listed.findElements(By.tagName("td")).get(5).getText()).as("its workers' items so far")
                    .isEqualTo("123,456");
            chromium.screenshot("overview-running");
        } finally {
            jdbc.update("DELETE FROM skybatch.step_progress WHERE job_execution_id = ?", id);
            jdbc.update("DELETE FROM skybatch.batch_step_execution WHERE job_execution_id = ?", id);
            jdbc.update("DELETE FROM skybatch.batch_job_execution WHERE job_execution_id = ?", id);
            jdbc.update("DELETE FROM skybatch.batch_job_instance WHERE job_instance_id = ?", id);
        }
    }

    @Test
    void anExecutionPageShowsItsStepsCountsAndAChartOfItsProgress() {
        open(base + "/executions/" + completed);

        List<Map<String, Object>> steps = jdbc.queryForList("""
                SELECT step_name, read_count, write_count, commit_count FROM skybatch.batch_step_execution
                WHERE job_execution_id = ? ORDER BY step_execution_id""", completed);
        List<WebElement> rows = chromium.driver.findElements(By.cssSelector("table.steps tbody tr"));
        assertThat(rows).hasSize(steps.size());
        for (int i = 0; i < rows.size(); i++) {
            List<WebElement> cells = rows.get(i).findElements(By.tagName("td"));
            assertThat(cells.get(0).getText()).isEqualTo(steps.get(i).get("step_name"));
            assertThat(cells.get(2).getText().replace(",", "")).isEqualTo(steps.get(i).get("read_count").toString());
            assertThat(cells.get(3).getText().replace(",", "")).isEqualTo(steps.get(i).get("write_count").toString());
            assertThat(cells.get(6).getText().replace(",", "")).isEqualTo(steps.get(i).get("commit_count").toString());
        }
        assertThat(drawnCharts()).isEqualTo(1);
        long samples = jdbc.queryForObject("SELECT count(DISTINCT sampled_at) FROM skybatch.step_progress"
                + " WHERE job_execution_id = ?", Long.class, completed);
        assertThat(chromium.script("return document.querySelector('.chart').dataset.points"))
                .isEqualTo(String.valueOf(samples));
        assertThat(chromium.errors()).isEmpty();
        chromium.screenshot("execution-completed");
    }

    @Test
    void aFailedExecutionSaysWhyAndHowToRestartIt() {
        open(base + "/executions/" + failed);

        String why = chromium.driver.findElement(By.cssSelector(".failures")).getText();
        assertThat(why).contains("EOFException", "(in plcImportWorkerStep:partition");
        assertThat(chromium.driver.findElement(By.cssSelector("pre.command")).getText())
                .isEqualTo("bin/skybatch jobs restart " + failed);
        assertThat(chromium.driver.findElements(By.cssSelector("form.action button")))
                .extracting(WebElement::getText).contains("restart", "abandon");
        assertThat(chromium.errors()).isEmpty();
        chromium.screenshot("execution-failed");
    }

    @Test
    void quarantinedInputShowsAsTextAndItsScriptNeverRuns() {
        open(base + "/quarantine");

        assertThat(chromium.driver.findElements(By.cssSelector("pre.raw"))).extracting(WebElement::getText)
                .anySatisfy(raw -> assertThat(raw).contains(SCRIPT));
        assertThat(chromium.script("return typeof window.pwned")).isEqualTo("undefined");
        assertThat(chromium.driver.findElement(By.cssSelector("table.counts")).getText()).contains("plcImportJob");
        long entries = jdbc.queryForObject("SELECT count(*) FROM skybatch.quarantine", Long.class);
        assertThat(chromium.driver.findElements(By.cssSelector("table.quarantine tbody tr td pre.raw")))
                .hasSize((int) entries);
        assertThat(drawnCharts()).isEqualTo(1);
        assertThat(chromium.errors()).isEmpty();
        chromium.screenshot("quarantine");

        open(base + "/executions/" + quarantined);
        assertThat(chromium.driver.findElement(By.cssSelector("td.quarantined")).getText()).isEqualTo("1");
        assertThat(chromium.driver.findElement(By.cssSelector("pre.raw")).getText()).contains(SCRIPT);
        assertThat(chromium.script("return typeof window.pwned")).isEqualTo("undefined");
        chromium.screenshot("execution-quarantined");
    }

    @Test
    void theLiveStreamsPageShowsTheFirehosePositions() {
        jdbc.update("INSERT INTO skybatch.firehose_position (journal, entry_index, seq, received_at)"
                + " VALUES ('/var/skybatch/journal', 4321, 987654321, now() - interval '3 seconds')");
        jdbc.update("INSERT INTO skybatch.firehose_repo (did, desynchronized) VALUES ('did:plc:a', true),"
                + " ('did:plc:b', false)");
        try {
            open(base + "/streams");
            assertThat(chromium.driver.findElement(By.cssSelector("table.positions tbody")).getText())
                    .contains("/var/skybatch/journal", "987,654,321", "4,321");
            assertThat(chromium.driver.findElement(By.cssSelector("table.statuses tbody")).getText())
                    .contains("desynchronized 1", "in sync 1");
            assertThat(chromium.errors()).isEmpty();
            chromium.screenshot("streams");
        } finally {
            jdbc.update("DELETE FROM skybatch.firehose_position");
            jdbc.update("DELETE FROM skybatch.firehose_repo");
        }
    }

    @Test
    void backfillAndIdentityPagesRender() {
        for (String page : List.of("backfill", "identity")) {
            open(base + "/" + page);
            assertThat(chromium.driver.findElement(By.tagName("h1")).getText()).isNotBlank();
            assertThat(chromium.errors()).isEmpty();
            chromium.screenshot(page);
        }
        assertThat(chromium.driver.findElement(By.cssSelector("table.facts")).getText())
                .contains(String.format("DIDs never checked %,d", jdbc.queryForObject(
                        "SELECT count(*) FROM skybatch.actor_identity WHERE NOT tombstoned", Long.class)));
    }

    @Test
    void anActionWithoutTheTokenIsRefusedAndWithItIsDone() throws Exception {
        long failed = run(app.importPlc(cutOffCopyOfTheSample().toString()), BatchStatus.FAILED);
        assertThat(post("/executions/" + failed + "/abandon", null).statusCode()).isEqualTo(403);
        assertThat(post("/executions/" + failed + "/abandon", "not-the-token").statusCode()).isEqualTo(403);
        assertThat(status(failed)).isEqualTo("FAILED");

        open(base + "/executions/" + failed);
        WebElement abandon = chromium.driver.findElements(By.cssSelector("form.action")).stream()
                .filter(form -> form.getText().contains("abandon")).findFirst().orElseThrow();
        abandon.findElement(By.name("token")).sendKeys("wrong");
        abandon.findElement(By.tagName("button")).click();
        // the click navigates: wait for the answer's page rather than read the one being left
        Eventually.within(Duration.ofSeconds(30), () -> bodyText().contains("wrong or missing token"),
                () -> "the refusal's page, but the page reads: " + bodyText());
        assertThat(status(failed)).isEqualTo("FAILED");

        HttpResponse<String> done = post("/executions/" + failed + "/abandon", TOKEN);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        assertThat(status(failed)).isEqualTo("ABANDONED");
    }

    @Test
    void aRestartWithTheTokenRunsTheExecutionAgainInThisProcess() throws Exception {
        long failedOnce = run(app.importPlc(cutOffCopyOfTheSample().toString()), BatchStatus.FAILED);
        long instance = jdbc.queryForObject("SELECT job_instance_id FROM skybatch.batch_job_execution"
                + " WHERE job_execution_id = ?", Long.class, failedOnce);
        assertThat(post("/executions/" + failedOnce + "/restart", null).statusCode()).isEqualTo(403);

        HttpResponse<String> restarted = post("/executions/" + failedOnce + "/restart", TOKEN);

        assertThat(restarted.statusCode()).as(restarted.body()).isEqualTo(303);
        assertThat(restarted.headers().firstValue("Location")).hasValue("/executions/" + failedOnce);
        String executionsOfTheInstance = """
                SELECT status FROM skybatch.batch_job_execution WHERE job_instance_id = ? ORDER BY job_execution_id""";
        Eventually.within(Duration.ofSeconds(60), () -> {
            List<String> statuses = jdbc.queryForList(executionsOfTheInstance, String.class, instance);
            return statuses.size() == 2 && !statuses.get(1).startsWith("START");
        }, () -> "the restart to end: " + jdbc.queryForList(executionsOfTheInstance, String.class, instance));
        // it read the same cut-off file again, from its last commit
        assertThat(jdbc.queryForList(executionsOfTheInstance, String.class, instance))
                .containsExactly("FAILED", "FAILED");
    }

    @Test
    void aScheduleIsPausedAndResumedWithTheToken() throws Exception {
        assertThat(post("/schedules/plc-sync/pause", "not-the-token").statusCode()).isEqualTo(403);
        assertThat(scheduleState("plc-sync")).isEqualTo("NORMAL");

        assertThat(post("/schedules/plc-sync/pause", TOKEN).statusCode()).isEqualTo(303);
        assertThat(scheduleState("plc-sync")).isEqualTo("PAUSED");
        open(base + "/");
        assertThat(chromium.driver.findElements(By.cssSelector("table.schedules form.action button")))
                .extracting(WebElement::getText).contains("resume");

        assertThat(post("/schedules/plc-sync/resume", TOKEN).statusCode()).isEqualTo(303);
        assertThat(scheduleState("plc-sync")).isEqualTo("NORMAL");
    }

    private String scheduleState(String name) {
        return app.bean(ScheduleControl.class).list().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow().state();
    }

    private String status(long executionId) {
        return jdbc.queryForObject("SELECT status FROM skybatch.batch_job_execution WHERE job_execution_id = ?",
                String.class, executionId);
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        String form = token == null ? "" : "token=" + token;
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theReportFileHoldsEveryPageAndOpensWithoutTheServer() throws Exception {
        Path file = dir.resolve("report.html");
        // in a JVM of its own: Quartz keeps its schedulers JVM-wide by name, and a second context's would close
        // the app's when it ends
        Path log = dir.resolve("report.log");
        ProcessBuilder report = new ProcessBuilder(ChildJvm.command("512m", SkybatchApplication.class, "report",
                "--html", file.toString())).redirectErrorStream(true).redirectOutput(log.toFile());
        report.environment().put("DATABASE_URL", app.database().jdbcUrl());
        Process process = report.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("wrote " + file.toAbsolutePath());
        String html = Files.readString(file);
        assertThat(html).doesNotContain("http://", "https://127", "src=\"");

        open(file.toUri().toString());
        assertThat(chromium.driver.findElement(By.id("overview")).isDisplayed()).isTrue();
        assertThat(chromium.driver.findElement(By.id("quarantine")).isDisplayed()).isFalse();
        assertThat(drawnCharts()).isEqualTo(1);
        assertThat(chromium.driver.findElements(By.cssSelector("#overview form"))).isEmpty();
        assertThat(chromium.errors()).isEmpty();
        chromium.screenshot("report-overview");

        chromium.driver.findElement(By.linkText(String.valueOf(failed))).click();
        assertThat(chromium.driver.findElement(By.id("execution-" + failed)).isDisplayed()).isTrue();
        assertThat(chromium.driver.findElement(By.cssSelector("#execution-" + failed + " pre.command")).getText())
                .isEqualTo("bin/skybatch jobs restart " + failed);
        chromium.screenshot("report-execution-failed");

        chromium.driver.findElement(By.linkText("Quarantine")).click();
        assertThat(chromium.driver.findElement(By.cssSelector("#quarantine pre.raw")).getText()).contains(SCRIPT);
        assertThat(chromium.script("return typeof window.pwned")).isEqualTo("undefined");
        assertThat(chromium.errors()).isEmpty();
        chromium.screenshot("report-quarantine");
    }
}
