package skybatch.jobs.plc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import skybatch.jobs.testing.AuditLogExports;
import skybatch.jobs.testing.FakePlcDirectory;
import skybatch.jobs.testing.SkybatchTestApp;
import tools.jackson.databind.json.JsonMapper;

/** The paginated export endpoint, from a PLC directory stand-in on 127.0.0.1, in both line formats. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlcExportEndpointTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private SkybatchTestApp app;
    private List<Map<String, Object>> expected;

    @TempDir
    Path dir;

    @BeforeAll
    void start() throws Exception {
        app = SkybatchTestApp.start("skybatch.plc.chunk-size=4", "skybatch.plc.page-size=5");
        app.importPlc(AuditLogExports.write(Files.createTempFile("all", ".jsonl"), AuditLogExports.allValidLogs())
                .toString());
        expected = app.identityRows();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @BeforeEach
    void clear() {
        app.clearIdentityTables();
    }

    private static String createdAt(String line) {
        return JSON.readTree(line).get("createdAt").asString();
    }

    private static String seq(String line) {
        return JSON.readTree(line).get("seq").asString();
    }

    @Test
    void legacyPagesWithA429AndRepeatedBoundaryLines() throws Exception {
        List<String> lines = AuditLogExports.allValidLogs();
        try (FakePlcDirectory plc = new FakePlcDirectory(lines, PlcExportEndpointTest::createdAt)
                .tooManyRequests(1).repeatBoundaryLine()) {
            JobExecution execution = app.importPlc(plc.url());

            assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(app.identityRows()).isEqualTo(expected);
            List<String> requests = plc.requests();
            assertThat(requests.get(0)).isEqualTo("/export?count=5");
            assertThat(requests.get(1)).as("retried after the 429").isEqualTo("/export?count=5");
            assertThat(requests.get(2)).startsWith("/export?count=5&after=");
            assertThat(PlcImportJobTest.step(execution, "plcImportStep").getSkipCount()).isZero();
        }
    }

    @Test
    void sequencedPagesFollowTheSeqCursor() throws Exception {
        List<String> lines = new ArrayList<>();
        long seq = 1000;
        for (String line : AuditLogExports.allValidLogs()) {
            lines.add("{\"type\":\"sequenced_op\",\"seq\":" + (seq += 7) + "," + line.substring(1));
        }
        try (FakePlcDirectory plc = new FakePlcDirectory(lines, PlcExportEndpointTest::seq)) {
            JobExecution execution = app.importPlc(plc.url());

            assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(app.identityRows()).isEqualTo(expected);
            assertThat(plc.requests()).contains("/export?count=5&after=1035");
        }
    }

    @Test
    void startsAfterAGivenCursor() throws Exception {
        List<String> lines = AuditLogExports.allValidLogs();
        String cursor = createdAt(lines.get(lines.size() - 3));
        try (FakePlcDirectory plc = new FakePlcDirectory(lines, PlcExportEndpointTest::createdAt)) {
            JobExecution execution = app.importPlc(plc.url(), cursor);

            assertThat(PlcImportJobTest.step(execution, "plcImportStep").getReadCount()).isEqualTo(2);
            assertThat(plc.requests().get(0)).contains("after=" + java.net.URLEncoder.encode(cursor,
                    java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void goesPastAPageOfBadOperationsByTheirCursors() throws Exception {
        List<String> valid = AuditLogExports.allValidLogs();
        List<String> lines = new ArrayList<>(valid);
        for (int i = 5; i < 10; i++) {
            // The second page (size 5): operations with a DID no PLC directory would serve, but in createdAt order.
            lines.set(i, lines.get(i).replaceFirst("\"did\":\"did:plc:", "\"did\":\"did:PLC:"));
        }
        List<String> withoutBadOnes = new ArrayList<>(valid.subList(0, 5));
        withoutBadOnes.addAll(valid.subList(10, valid.size()));
        app.importPlc(AuditLogExports.write(dir.resolve("without-bad.jsonl"), withoutBadOnes).toString());
        List<Map<String, Object>> expectedRows = app.identityRows();
        app.clearIdentityTables();
        try (FakePlcDirectory plc = new FakePlcDirectory(lines, PlcExportEndpointTest::createdAt)) {
            JobExecution execution = app.importPlc(plc.url());

            assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(app.identityRows()).isEqualTo(expectedRows);
            assertThat(PlcImportJobTest.step(execution, "plcImportStep").getSkipCount()).isEqualTo(5);
            assertThat(app.jdbc().queryForList("SELECT position FROM skybatch.quarantine ORDER BY position",
                    String.class)).hasSize(5).allSatisfy(position -> assertThat(position)
                            .startsWith("after=" + java.time.Instant.parse(createdAt(lines.get(4)))));
        }
    }

    @Test
    void aBadLineWithAnOldTimestampDoesNotSendTheCursorBack() throws Exception {
        List<String> valid = AuditLogExports.allValidLogs();
        List<String> lines = new ArrayList<>(valid);
        // the last line of the second page (size 5): not an operation, and stamped long before the rest
        lines.add(9, "{\"did\":\"not a did\",\"createdAt\":\"2000-01-01T00:00:00Z\"}");
        try (FakePlcDirectory plc = new FakePlcDirectory(lines, PlcExportEndpointTest::createdAt)) {
            JobExecution execution = app.importPlc(plc.url());

            assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(app.identityRows()).isEqualTo(expected);
            assertThat(PlcImportJobTest.step(execution, "plcImportStep").getSkipCount()).isOne();
            assertThat(plc.requests()).noneMatch(r -> r.contains("after=2000-01-01"));
        }
    }

    @Test
    void failsOnAPageWithoutAnyCursorRatherThanEndingEarly() throws Exception {
        List<String> lines = new ArrayList<>(AuditLogExports.allValidLogs());
        for (int i = 5; i < 10; i++) {
            lines.set(i, "garbage " + i);
        }
        try (FakePlcDirectory plc = new FakePlcDirectory(lines,
                line -> line.startsWith("{") ? createdAt(line) : "~")) {
            JobExecution execution = app.importPlc(plc.url());

            assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
            assertThat(execution.getAllFailureExceptions()).anySatisfy(e -> assertThat(e).rootCause()
                    .hasMessageContainingAll(plc.url(), "page after=",
                            "not one of its 5 lines is a PLC export operation or names a cursor", "garbage 5"));
            // on empty tables, a first load: its chunks wait in the shadow tables for the last step
            assertThat(app.jdbc().queryForObject("SELECT count(*) FROM skybatch.plc_load_actor_identity", Long.class))
                    .as("the first page was written").isPositive();
        }
    }

    @Test
    void aShortPageOfNoExportFailsInsteadOfEndingTheImport() throws Exception {
        try (FakePlcDirectory plc = new FakePlcDirectory(List.of("Welcome to our directory!", "Nothing here."),
                line -> "~")) {
            JobExecution execution = app.importPlc(plc.url());

            assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
            assertThat(skybatch.jobs.operations.FailureReason.of(execution)).singleElement().asString()
                    .contains(plc.url(), "not one of its 2 lines is a PLC export operation",
                            "its first line: Welcome to our directory!");
        }
    }

    @Test
    void anHtmlAnswerFailsClearly() throws Exception {
        com.sun.net.httpserver.HttpServer site = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        site.createContext("/", exchange -> {
            byte[] page = "<!doctype html>\n<html><body>Sign in</body></html>\n".getBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        site.start();
        try {
            String url = "http://127.0.0.1:" + site.getAddress().getPort();
            JobExecution execution = app.importPlc(url);

            assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
            assertThat(skybatch.jobs.operations.FailureReason.of(execution)).singleElement().asString()
                    .contains("answered a web page (text/html; charset=utf-8), not a PLC export", "<!doctype html>");
        } finally {
            site.stop(0);
        }
    }

    @Test
    void aDirectoryAtAPrivateAddressIsNeverContacted() throws Exception {
        JobExecution execution = app.importPlc("http://169.254.169.254/");

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(skybatch.jobs.operations.FailureReason.of(execution)).singleElement().asString()
                .startsWith("GET http://169.254.169.254/export").contains("169.254.169.254 is outside public addresses");
    }
}
