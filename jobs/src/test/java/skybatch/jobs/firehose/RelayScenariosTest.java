package skybatch.jobs.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import skybatch.jobs.testing.FirehoseTestApp;
import skybatch.jobs.testing.SkybatchTestApp;
import skybatch.readers.cbor.AtprotoJsonReader;
import skybatch.readers.cbor.DagCborEncoder;
import skybatch.readers.firehose.Journal;
import skybatch.readers.testing.TestData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The relay's own test scenarios ({@code indigo/cmd/relay/testing/testdata/}: real frames of real accounts, signed
 * with their keys), every message journalled, those the relay drops too: the tail must end where the relay's kept
 * messages lead, whatever else it is sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelayScenariosTest {

    private static final List<String> TABLES = List.of("record", "post", "like", "profile", "thread_gate",
            "post_gate", "feed_item", "actor", "actor_sync", "op_thread_reply");

    @RegisterExtension
    static final FirehoseTestApp firehose = new FirehoseTestApp(2);
    private final SkybatchTestApp app = firehose.app();
    private final Journal journal = firehose.journal();

    @BeforeEach
    void clear() {
        app.jdbc().execute("TRUNCATE skybatch.firehose_repo, skybatch.firehose_parked, skybatch.actor_identity, skybatch.quarantine, "
                + String.join(", ", TABLES.stream().map(t -> "bsky.\"" + t + "\"").toList()));
    }

    /** Journals every message of the scenario and stores its accounts' keys as the PLC import would. */
    private JobExecution play(String scenario) throws Exception {
        JsonNode root = JsonMapper.shared().readTree(TestData.path("indigo/cmd/relay/testing/testdata/" + scenario)
                .toFile());
        for (JsonNode account : root.get("accounts")) {
            JsonNode identity = account.get("identity");
            app.jdbc().update("INSERT INTO skybatch.actor_identity (did, signing_key, plc_cid, plc_created_at)"
                    + " VALUES (?, ?, 'bafy', now())", identity.get("did").asString(),
                    "did:key:" + identity.get("keys").get("atproto").get("publicKeyMultibase").asString());
        }
        long index = 0;
        for (JsonNode message : root.get("messages")) {
            JsonNode frame = message.get("frame");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.writeBytes(DagCborEncoder.encode(AtprotoJsonReader.fromJsonNode(frame.get("header"))));
            bytes.writeBytes(DagCborEncoder.encode(AtprotoJsonReader.fromJsonNode(frame.get("body"))));
            journal.append(frame.get("body").get("seq").asLong(++index), Instant.now(), bytes.toByteArray());
        }
        JobExecution execution = app.drainFirehose();
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        return execution;
    }

    private List<String> column(String sql, Object... args) {
        return app.jdbc().queryForList(sql, String.class, args);
    }

    private List<Map<String, Object>> quarantined(JobExecution execution) {
        return app.jdbc().queryForList("SELECT position, reason FROM skybatch.quarantine WHERE job_execution_id = ?",
                execution.getId());
    }

    @Test
    void postLifecycle() throws Exception {
        JobExecution execution = play("post_lifecycle.json");
        String did = "did:plc:44ybard66vv44zksje25o7dz";

        assertThat(quarantined(execution)).isEmpty();
        assertThat(column("SELECT uri FROM bsky.record WHERE did = ? ORDER BY uri", did)).containsExactly(
                "at://" + did + "/app.bsky.actor.profile/self",
                "at://" + did + "/app.bsky.feed.post/3lmxk35znys2k",
                "at://" + did + "/app.bsky.feed.postgate/3lmxk35znys2k",
                "at://" + did + "/app.bsky.feed.threadgate/3lmxk35znys2k");
        assertThat(column("SELECT \"hasThreadGate\"::text || \"hasPostGate\"::text FROM bsky.post WHERE creator = ?",
                did)).containsExactly("truetrue");
        assertThat(column("SELECT \"repoRev\" FROM bsky.actor_sync WHERE did = ?", did))
                .containsExactly("3lmxk36v2fg2o");
    }

    @Test
    void revOrderingOlderAndEqualRevsChangeNothing() throws Exception {
        play("rev_ordering.json");

        List<String> dids = column("SELECT did FROM skybatch.actor_identity");
        assertThat(column("SELECT uri FROM bsky.record WHERE did = ?", dids.get(0))).isEmpty();
        assertThat(column("SELECT \"repoRev\" FROM bsky.actor_sync WHERE did = ?", dids.get(0)))
                .containsExactly("3lmxjzbfkb522");
    }

    @Test
    void deactivationHoldsBackCommitsUntilTheAccountIsActive() throws Exception {
        play("deactivation.json");

        String did = column("SELECT did FROM skybatch.actor_identity").get(0);
        assertThat(column("SELECT \"upstreamStatus\" FROM bsky.actor WHERE did = ?", did)).containsOnlyNulls();
        // the post made while deactivated was not applied, so what follows it waits for a backfill
        assertThat(column("SELECT uri FROM bsky.post WHERE creator = ?", did)).isEmpty();
        assertThat(column("SELECT did FROM skybatch.firehose_repo WHERE desynchronized")).containsExactly(did);
    }

    @Test
    void accountLifecycleEndsWithTheDeletedAccountGone() throws Exception {
        play("account_lifecycle.json");

        String did = column("SELECT did FROM skybatch.actor_identity").get(0);
        assertThat(column("SELECT did FROM bsky.actor WHERE did = ?", did)).isEmpty();
        assertThat(column("SELECT uri FROM bsky.record WHERE did = ?", did)).isEmpty();
    }

    @Test
    void seqOrderingAndLegacyFramesEachEndWithTheirOneLike() throws Exception {
        List<String> likes = new ArrayList<>();
        for (String scenario : List.of("seq_ordering.json", "legacy.json", "post_lifecycle_legacy.json")) {
            clear();
            JobExecution execution = play(scenario);
            assertThat(quarantined(execution)).as(scenario).isEmpty();
            likes.addAll(column("SELECT uri FROM bsky.\"like\""));
        }
        // one like in each scenario, however often and in whatever order its commit came
        assertThat(likes).hasSize(3).allMatch(uri -> uri.endsWith("/app.bsky.feed.like/3llpyftcvih2r"));
    }
}
