package skybatch.jobs.plc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import skybatch.jobs.operations.JobRunner;
import skybatch.jobs.testing.AuditLogExports;
import skybatch.jobs.testing.InjectedFailure;
import skybatch.jobs.testing.SkybatchTestApp;
import tools.jackson.databind.JsonNode;

/** plcImportJob on empty tables, which it loads; {@link PlcImportMergePathTest} runs the same on the merge path. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlcImportJobTest {

    private static final String BSKY_APP = "did:plc:z72i7hdynmk6r22z27h6tvur";
    private static final String DHOLMS = "did:plc:yk4dd2qkboz2yv6tpubpc6co";
    private static final String TOMBSTONED = "did:plc:6adr3q2labdllanslzhqkqd3";
    private static final String NULLIFIED_TOMBSTONE = "did:plc:7iqnimg5hvigsckpbqrqktoh";

    SkybatchTestApp app;

    @TempDir
    Path dir;

    @BeforeAll
    void start() {
        // a small chunk, so that the fixtures cross chunk boundaries
        app = SkybatchTestApp.start("skybatch.plc.chunk-size=3", "skybatch.plc.first-load=" + firstLoad());
    }

    /** Whether an import on empty tables loads them (else it merges, as on filled ones). */
    boolean firstLoad() {
        return true;
    }

    /** What the import's first step decided: "load" or "merge". */
    static String decision(JobExecution execution) {
        return step(execution, "plcImportPathStep").getExecutionContext().getString("plc.path");
    }

    static StepExecution step(JobExecution execution, String name) {
        return execution.getStepExecutions().stream().filter(step -> step.getStepName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " did not run: " + execution.getStepExecutions()));
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @BeforeEach
    void clear() {
        app.clearIdentityTables();
    }

    private Path exportOfAllLogs() throws IOException {
        return AuditLogExports.write(dir.resolve("export.jsonl"), AuditLogExports.allValidLogs());
    }

    /** Imports the export into the empty tables, and empties them again: the rows it leaves. */
    private List<Map<String, Object>> rowsOfAnUninterruptedImport(Path export) throws Exception {
        app.importPlc(export.toString());
        List<Map<String, Object>> rows = app.identityRows();
        app.clearIdentityTables();
        return rows;
    }

    /** An import the database fails on one DID in the middle of the file: where a load's chunks write, or a merge's. */
    private JobExecution importRefusingOneDid(Path export) throws Exception {
        try (InjectedFailure refusal = firstLoad() ? InjectedFailure.refusingLoadedIdentityOf(app.jdbc(), DHOLMS)
                : InjectedFailure.refusingIdentityOf(app.jdbc(), DHOLMS)) {
            return app.importPlc(export.toString());
        }
    }

    private Map<String, Object> identity(String did) {
        return app.jdbc().queryForMap("SELECT * FROM skybatch.actor_identity WHERE did = ?", did);
    }

    private static String cidOf(String log, int index) throws IOException {
        return AuditLogExports.entries(log).get(index).get("cid").asString();
    }

    @Test
    void itemsAreNotObservedOneByOneButStepsAre() {
        io.micrometer.observation.ObservationRegistry registry = app.bean(io.micrometer.observation.ObservationRegistry.class);
        assertThat(io.micrometer.observation.Observation.createNotStarted("spring.batch.item.read", registry).isNoop())
                .isTrue();
        assertThat(io.micrometer.observation.Observation.createNotStarted("spring.batch.item.process", registry)
                .isNoop()).isTrue();
        assertThat(io.micrometer.observation.Observation.createNotStarted("spring.batch.step", registry).isNoop())
                .isFalse();
    }

    @Test
    void importsTheRealAuditLogs() throws Exception {
        JobExecution execution = app.importPlc(exportOfAllLogs().toString());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(app.jdbc().queryForObject("SELECT count(*) FROM skybatch.actor_identity", Long.class)).isEqualTo(10);
        JsonNode bskyApp = AuditLogExports.entries("log_bskyapp.json").get(1);
        assertThat(identity(BSKY_APP)).containsEntry("claimed_handle", "bsky.app")
                .containsEntry("pds_endpoint",
                        bskyApp.get("operation").get("services").get("atproto_pds").get("endpoint").asString())
                .containsEntry("signing_key", bskyApp.get("operation").get("verificationMethods").get("atproto").asString())
                .containsEntry("plc_cid", bskyApp.get("cid").asString())
                .containsEntry("tombstoned", false);
        // a claim is not a verification: the actor row exists, its handle stays NULL
        assertThat(app.jdbc().queryForMap("SELECT handle FROM bsky.actor WHERE did = ?", BSKY_APP))
                .containsEntry("handle", null);
        String doc = app.jdbc().queryForObject("SELECT doc::text FROM bsky.did_cache WHERE did = ?", String.class,
                BSKY_APP);
        assertThat(doc).contains("\"id\": \"" + BSKY_APP + "\"").contains("at://bsky.app")
                .contains("AtprotoPersonalDataServer").contains("Multikey");
    }

    @Test
    void legacyCreateThenUpdatesEndsAtTheLastOperation() throws Exception {
        app.importPlc(AuditLogExports.write(dir.resolve("genesis.jsonl"),
                AuditLogExports.lines("log_legacy_dholms.json").subList(0, 1)).toString());
        assertThat(identity(DHOLMS)).containsEntry("claimed_handle", "dan.bsky.social")
                .containsEntry("pds_endpoint", "https://bsky.social");

        app.importPlc(exportOfAllLogs().toString());
        assertThat(identity(DHOLMS)).containsEntry("claimed_handle", "dholms.xyz")
                .containsEntry("plc_cid", cidOf("log_legacy_dholms.json", 4));
    }

    @Test
    void nullifiedOperationsAreSkipped() throws Exception {
        app.importPlc(exportOfAllLogs().toString());
        assertThat(identity("did:plc:2s2mvm52ttz6r4hocmrq7x27"))
                .containsEntry("plc_cid", cidOf("log_nullification.json", 2));
        assertThat(identity("did:plc:ana7n2ppeqk57pay7azhjs24"))
                .containsEntry("plc_cid", cidOf("log_nullification_nontrivial.json", 7));
        assertThat(identity("did:plc:huyin2bxfj3bpg3gjq64nazd"))
                .containsEntry("plc_cid", cidOf("log_nullification_at_exactly_72h.json", 3));
    }

    @Test
    void tombstonesLeaveDidCacheAndNullifiedTombstonesDoNot() throws Exception {
        app.importPlc(exportOfAllLogs().toString());
        assertThat(identity(TOMBSTONED)).containsEntry("tombstoned", true).containsEntry("claimed_handle", null)
                .containsEntry("pds_endpoint", null);
        assertThat(app.jdbc().queryForObject("SELECT count(*) FROM bsky.did_cache WHERE did = ?", Long.class,
                TOMBSTONED)).isZero();
        assertThat(identity(NULLIFIED_TOMBSTONE)).containsEntry("tombstoned", false)
                .containsEntry("plc_cid", cidOf("log_nullified_tombstone.json", 3));
        assertThat(app.jdbc().queryForObject("SELECT count(*) FROM bsky.did_cache WHERE did = ?", Long.class,
                NULLIFIED_TOMBSTONE)).isOne();
    }

    @Test
    void everyCompressionGivesTheSameRows() throws Exception {
        List<String> lines = AuditLogExports.allValidLogs();
        byte[] text = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        app.importPlc(Files.write(dir.resolve("plain.jsonl"), text).toString());
        List<Map<String, Object>> expected = app.identityRows();
        assertThat(expected).hasSize(10);

        Path gzipMembers = dir.resolve("members.jsonl.gz");
        int half = text.length / 2;
        while (text[half - 1] != '\n') {
            half++;
        }
        try (OutputStream out = Files.newOutputStream(gzipMembers)) {
            out.write(compress(java.util.Arrays.copyOfRange(text, 0, half), GZIPOutputStream::new));
            out.write(compress(java.util.Arrays.copyOfRange(text, half, text.length), GZIPOutputStream::new));
        }
        List<Path> files = List.of(gzipMembers,
                Files.write(dir.resolve("e.zst"), compress(text, ZstdCompressorOutputStream::new)),
                Files.write(dir.resolve("e.bz2"), compress(text, BZip2CompressorOutputStream::new)),
                Files.write(dir.resolve("e.xz"), compress(text, XZCompressorOutputStream::new)));
        for (Path file : files) {
            app.clearIdentityTables();
            assertThat(app.importPlc(file.toString()).getStatus()).as(file.toString()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(app.identityRows()).as(file.toString()).isEqualTo(expected);
        }
    }

    interface Compressor {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    private static byte[] compress(byte[] data, Compressor compressor) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream out = compressor.wrap(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    @Test
    void badLinesAreQuarantinedAndTheRestIsImported() throws Exception {
        List<String> lines = new ArrayList<>(AuditLogExports.lines("log_bskyapp.json"));
        lines.add(1, "{not json");
        lines.add(2, "{\"did\":\"did:plc:aaaaaaaaaaaaaaaaaaaaaaaa\",\"cid\":\"b\",\"createdAt\":\"2024-01-01T00:00:00Z\"}");
        lines.add(3, "{\"did\":\"did:plc:NOTVALID\",\"cid\":\"b\",\"createdAt\":\"2024-01-01T00:00:00Z\",\"operation\":{}}");
        lines.add(4, "{\"did\":\"did:plc:aaaaaaaaaaaaaaaaaaaaaaaa\",\"cid\":7,\"createdAt\":\"2024-01-01T00:00:00Z\",\"operation\":{}}");
        Path file = AuditLogExports.write(dir.resolve("bad.jsonl"), lines);

        JobExecution execution = app.importPlc(file.toString());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        StepExecution step = step(execution, "plcImportStep");
        assertThat(step.getSkipCount()).isEqualTo(4);
        assertThat(step.getWriteCount()).isEqualTo(2);
        assertThat(identity(BSKY_APP)).containsEntry("claimed_handle", "bsky.app");
        List<Map<String, Object>> quarantined = app.jdbc().queryForList(
                "SELECT job_execution_id, source, position, did, reason, raw FROM skybatch.quarantine"
                        + " ORDER BY length(position), position");
        assertThat(quarantined).extracting(row -> row.get("position"))
                .containsExactly("line 2", "line 3", "line 4", "line 5");
        assertThat(quarantined).allSatisfy(row -> {
            assertThat(row.get("job_execution_id")).isEqualTo(execution.getId());
            assertThat(row.get("source")).isEqualTo(file.toString());
        });
        assertThat(quarantined.get(0).get("reason").toString()).startsWith("invalid JSON");
        assertThat(quarantined.get(0).get("raw")).isEqualTo("{not json");
        assertThat(quarantined.get(1).get("reason")).isEqualTo("'operation' must be an object");
        assertThat(quarantined.get(1).get("did")).isEqualTo("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa");
        assertThat(quarantined.get(2).get("reason").toString()).contains("did:plc:NOTVALID");
        assertThat(quarantined.get(3).get("reason")).isEqualTo("'cid' must be a string");
    }

    @Test
    void reimportingTheSameOrAnOlderExportChangesNothing() throws Exception {
        Path full = exportOfAllLogs();
        app.importPlc(full.toString());
        List<Map<String, Object>> afterFirst = app.identityRows();

        app.importPlc(full.toString());
        assertThat(app.identityRows()).isEqualTo(afterFirst);

        List<String> older = AuditLogExports.allValidLogs();
        Path olderExport = AuditLogExports.write(dir.resolve("older.jsonl"), older.subList(0, older.size() / 2));
        app.importPlc(olderExport.toString());
        assertThat(app.identityRows()).isEqualTo(afterFirst);
    }

    @Test
    void aChangedClaimClearsAVerifiedHandleTheDocumentNoLongerClaims() throws Exception {
        List<String> lines = AuditLogExports.lines("log_bskyapp.json");
        app.importPlc(AuditLogExports.write(dir.resolve("first.jsonl"), lines.subList(0, 1)).toString());
        // as if verification had confirmed the first claim
        app.jdbc().update("UPDATE bsky.actor SET handle = 'bluesky-team.bsky.social' WHERE did = ?", BSKY_APP);

        app.importPlc(AuditLogExports.write(dir.resolve("second.jsonl"), lines.subList(1, 2)).toString());

        assertThat(app.jdbc().queryForObject("SELECT handle FROM bsky.actor WHERE did = ?", String.class, BSKY_APP))
                .isNull();
    }

    @Test
    void restartAfterAFailureMidFileEndsWithTheRowsOfAnUninterruptedRun() throws Exception {
        Path export = exportOfAllLogs();
        List<Map<String, Object>> uninterrupted = rowsOfAnUninterruptedImport(export);

        JobExecution failed = importRefusingOneDid(export);
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        String written = firstLoad() ? "skybatch.plc_load_actor_identity" : "skybatch.actor_identity";
        assertThat(app.jdbc().queryForObject("SELECT count(*) FROM " + written, Long.class)).isBetween(1L, 9L);

        JobExecution restarted = app.bean(JobRunner.class).restart(failed.getId());

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getJobInstance().getId()).isEqualTo(failed.getJobInstance().getId());
        assertThat(step(restarted, "plcImportStep").getReadCount()).as("the restart reads only what was not committed")
                .isLessThan(AuditLogExports.allValidLogs().size());
        assertThat(app.identityRows()).isEqualTo(uninterrupted);
        assertThat(shadows()).as("swapped in").isEmpty();
    }

    /** The first load's shadow tables and stamps that exist. */
    private List<String> shadows() {
        return app.jdbc().queryForList("SELECT relname::text FROM pg_class"
                + " WHERE relnamespace = 'skybatch'::regnamespace AND relname LIKE 'plc\\_load\\_%'"
                + " AND relname <> 'plc_load_built' AND relkind IN ('r', 'S') ORDER BY 1", String.class);
    }

    @Test
    void restartAfterAFailureInTheLastStepEndsWithTheRowsOfAnUninterruptedRun() throws Exception {
        Path export = exportOfAllLogs();
        List<Map<String, Object>> uninterrupted = rowsOfAnUninterruptedImport(export);

        // a load's last step builds actor_identity's indexes (its chunks write a shadow), a merge's chunks write it
        List<String> indexesBefore = indexes();
        JobExecution failed;
        try (InjectedFailure refusal = firstLoad()
                ? InjectedFailure.failingIndexesOn(app.jdbc(), "skybatch.plc_load_actor_identity")
                : InjectedFailure.refusingIdentityOf(app.jdbc(), DHOLMS)) {
            failed = app.importPlc(export.toString());
        }
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        if (firstLoad()) {
            assertThat(step(failed, "plcImportStep").getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(step(failed, "plcImportBuildStep").getStatus()).isEqualTo(BatchStatus.FAILED);
            assertThat(app.jdbc().queryForObject("SELECT count(*) FROM skybatch.actor_identity", Long.class))
                    .as("nothing swapped in").isZero();
            assertThat(app.jdbc().queryForObject("SELECT count(*) FROM bsky.did_cache", Long.class)).isZero();
            assertThat(app.jdbc().queryForList("SELECT part FROM skybatch.plc_load_built", String.class))
                    .as("the other parts done in their own transactions")
                    .containsExactlyInAnyOrder("winners", "actor", "did_cache");
            assertThat(app.jdbc().queryForList("SELECT indexname FROM pg_indexes WHERE schemaname = 'skybatch'"
                    + " AND tablename LIKE 'plc\\_load\\_%' AND tablename <> 'plc_load_built' ORDER BY 1",
                    String.class)).as("the part that failed rolled its indexes back, the others built theirs")
                    .contains("plc_load_actor_1", "plc_load_actor_2", "plc_load_did_cache_1")
                    .noneMatch(index -> index.startsWith("plc_load_actor_identity"));
        }

        JobExecution restarted = app.bean(JobRunner.class).restart(failed.getId());

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(app.identityRows()).isEqualTo(uninterrupted);
        assertThat(app.jdbc().queryForObject("SELECT count(*) FROM skybatch.plc_load_built", Long.class)).isZero();
        assertThat(shadows()).isEmpty();
        assertThat(indexes()).as("the indexes are there again, as they were").isEqualTo(indexesBefore)
                .contains("CREATE UNIQUE INDEX actor_pkey ON bsky.actor USING btree (did)");
    }

    private List<String> indexes() {
        return app.jdbc().queryForList("SELECT indexdef FROM pg_indexes WHERE schemaname || '.' || tablename"
                + " IN ('skybatch.actor_identity', 'bsky.actor', 'bsky.did_cache') ORDER BY indexname", String.class);
    }

    @Test
    void theFirstImportLoadsAndLaterOnesMergeWithTheSameRows() throws Exception {
        // two operations of one DID with the same createdAt, in one chunk and across chunks: the first line wins
        List<String> lines = new ArrayList<>(AuditLogExports.allValidLogs());
        String first = AuditLogExports.lines("log_bskyapp.json").get(0);
        lines.add(first.replace("\"cid\":\"", "\"cid\":\"tie1").replace("at://", "at://tie1."));
        lines.add(first.replace("\"cid\":\"", "\"cid\":\"tie2").replace("at://", "at://tie2."));
        List<String> bskyApp = AuditLogExports.lines("log_bskyapp.json");
        String last = bskyApp.get(bskyApp.size() - 1);
        lines.add(0, last.replace("\"cid\":\"", "\"cid\":\"tie0"));
        lines.add(4, last.replace("\"cid\":\"", "\"cid\":\"tie3"));
        Path export = AuditLogExports.write(dir.resolve("ties.jsonl"), lines);

        JobExecution loaded = app.importPlc(export.toString());
        assertThat(decision(loaded)).isEqualTo(firstLoad() ? "load" : "merge");
        List<Map<String, Object>> rows = app.identityRows();
        assertThat(identity(BSKY_APP)).as("the first of the latest operations").containsEntry("plc_cid",
                "tie0" + cidOf("log_bskyapp.json", bskyApp.size() - 1));

        // filled tables: merged, and to the same rows
        app.clearIdentityTables();
        app.jdbc().update("INSERT INTO skybatch.actor_identity (did, plc_cid, plc_created_at)"
                + " VALUES ('did:plc:zzzzzzzzzzzzzzzzzzzzzzzz', 'bafyother', now())");
        JobExecution merged = app.importPlc(export.toString());
        assertThat(decision(merged)).isEqualTo("merge");
        app.jdbc().update("DELETE FROM skybatch.actor_identity WHERE did = 'did:plc:zzzzzzzzzzzzzzzzzzzzzzzz'");
        assertThat(app.identityRows()).isEqualTo(rows);
    }

    @Test
    void aNewImportBesideAKilledOneMergesOrIfTheKilledOneLoadsLeavesItsRowsAlone() throws Exception {
        Path export = exportOfAllLogs();
        List<Map<String, Object>> uninterrupted = rowsOfAnUninterruptedImport(export);
        JobExecution killed = importRefusingOneDid(export);
        // what kill -9 leaves: the execution still reads as running
        app.jdbc().update("UPDATE skybatch.batch_job_execution SET status = 'STARTED', end_time = NULL"
                + " WHERE job_execution_id = ?", killed.getId());
        String written = firstLoad() ? "skybatch.plc_load_actor_identity" : "skybatch.actor_identity";
        long before = app.jdbc().queryForObject("SELECT count(*) FROM " + written, Long.class);
        try {
            JobExecution next = app.importPlc(export.toString());

            if (firstLoad()) {
                assertThat(next.getStatus()).isEqualTo(BatchStatus.FAILED);
                assertThat(next.getAllFailureExceptions()).anySatisfy(e -> assertThat(e).hasMessageContainingAll(
                        "execution " + killed.getId() + " is running or was killed",
                        "skybatch jobs restart " + killed.getId(), "skybatch jobs abandon " + killed.getId()));
                assertThat(app.jdbc().queryForObject("SELECT count(*) FROM " + written, Long.class))
                        .as("the killed load's rows").isEqualTo(before).isPositive();
            } else {
                assertThat(next.getStatus()).isEqualTo(BatchStatus.COMPLETED);
                assertThat(app.identityRows()).isEqualTo(uninterrupted);
            }
        } finally {
            app.jdbc().update("UPDATE skybatch.batch_job_execution SET status = 'FAILED', end_time = now()"
                    + " WHERE job_execution_id = ?", killed.getId());
        }
    }

    @Test
    void aLoadWhoseShadowTablesAreGoneIsNotRestartedButAMergeIs() throws Exception {
        Path export = exportOfAllLogs();
        List<Map<String, Object>> uninterrupted = rowsOfAnUninterruptedImport(export);
        JobExecution failed = importRefusingOneDid(export);
        // as a load begun by a version that staged its rows elsewhere finds them after the upgrade
        app.jdbc().execute("DROP TABLE IF EXISTS skybatch.plc_load_actor_identity, skybatch.plc_load_actor,"
                + " skybatch.plc_load_did_cache");

        JobExecution restarted = app.bean(JobRunner.class).restart(failed.getId());

        if (firstLoad()) {
            assertThat(restarted.getStatus()).isEqualTo(BatchStatus.FAILED);
            assertThat(restarted.getAllFailureExceptions()).anySatisfy(e -> assertThat(e).hasStackTraceContaining(
                    "the first load of execution " + restarted.getId() + " has no shadow tables")
                    .hasStackTraceContaining("skybatch jobs abandon " + restarted.getId()));
        } else {
            assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(app.identityRows()).isEqualTo(uninterrupted);
        }
    }

    @Test
    void emptyTablesAViewDependsOnAreMergedInsteadOfLoaded() throws Exception {
        Path export = exportOfAllLogs();
        app.importPlc(export.toString());
        List<Map<String, Object>> loaded = app.identityRows();
        app.clearIdentityTables();
        app.jdbc().execute("CREATE VIEW skybatch.handles AS SELECT did, handle FROM bsky.actor");
        try {
            JobExecution imported = app.importPlc(export.toString());
            assertThat(decision(imported)).as("a swap would drop the view's table").isEqualTo("merge");
            assertThat(app.identityRows()).isEqualTo(loaded);
            assertThat(app.jdbc().queryForObject("SELECT count(*) FROM skybatch.handles", Long.class))
                    .isEqualTo(app.jdbc().queryForObject("SELECT count(*) FROM bsky.actor", Long.class));
        } finally {
            app.jdbc().execute("DROP VIEW skybatch.handles");
        }
    }

    @Test
    void nulBytesAndBadTextAreQuarantinedAndTheJobGoesOn() throws Exception {
        List<String> valid = AuditLogExports.lines("log_bskyapp.json");
        String good = valid.get(0);
        java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
        file.writeBytes(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}); // a byte-order mark is accepted
        file.writeBytes((good + "\n").getBytes(StandardCharsets.UTF_8));
        file.writeBytes((good.replace("\"did\":\"", "\"did\":\"\0") + "\n").getBytes(StandardCharsets.UTF_8));
        file.writeBytes((good.replace("https://", "https://\\u0000") + "\n").getBytes(StandardCharsets.UTF_8));
        file.writeBytes((good.replace("https://", "https://\\udc00") + "\n").getBytes(StandardCharsets.UTF_8));
        file.writeBytes((good.replace("https://", "https://\u00ff") + "\n").getBytes(StandardCharsets.ISO_8859_1));
        for (String line : valid.subList(1, valid.size())) {
            file.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Path export = dir.resolve("hostile.jsonl");
        Files.write(export, file.toByteArray());

        JobExecution execution = app.importPlc(export.toString());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(identity(BSKY_APP)).containsEntry("claimed_handle", "bsky.app");
        List<Map<String, Object>> quarantined = app.jdbc().queryForList(
                "SELECT position, reason, raw FROM skybatch.quarantine ORDER BY position");
        assertThat(quarantined).extracting(row -> row.get("position"))
                .containsExactly("line 2", "line 3", "line 4", "line 5");
        assertThat(quarantined.get(0).get("reason").toString()).startsWith("a NUL byte at byte");
        assertThat(quarantined.get(0).get("raw").toString()).contains("\"did\":\"\\u0000did:plc:");
        assertThat(quarantined.get(1).get("reason").toString()).endsWith("holds U+0000");
        assertThat(quarantined.get(2).get("reason").toString()).contains("unpaired surrogate");
        assertThat(quarantined.get(3).get("reason").toString()).startsWith("not valid UTF-8 at byte");
        assertThat(quarantined.get(3).get("raw").toString()).contains("https://\\xff");
    }

    @Test
    void aFileWithoutOneValidLineFailsNamingItsFirstLine() throws Exception {
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, "# Not an export\n\nJust some text,\nand a CSV: a,b,c\n");

        JobExecution execution = app.importPlc(readme.toString());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(skybatch.jobs.operations.FailureReason.of(execution)).singleElement().asString()
                .startsWith(readme + ": not one of its 3 lines is a PLC export operation")
                .contains("its first, line 1: # Not an export (invalid JSON");
    }
}
