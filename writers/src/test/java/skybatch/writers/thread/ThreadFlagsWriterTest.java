package skybatch.writers.thread;

import static org.assertj.core.api.Assertions.assertThat;
import static skybatch.writers.testing.DataplaneRows.POST;
import static skybatch.writers.testing.DataplaneRows.allow;
import static skybatch.writers.testing.DataplaneRows.mentioning;
import static skybatch.writers.testing.DataplaneRows.uri;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import skybatch.writers.testing.DataplaneRows;

/** The post plugin's flags, set from the tables on a real PostgreSQL, whichever repository is written first. */
class ThreadFlagsWriterTest {

    private static final String OWNER = "did:plc:owner" + "o".repeat(19);
    private static final String FRIEND = "did:plc:friend" + "f".repeat(18);
    private static final String STRANGER = "did:plc:stranger" + "s".repeat(16);

    private DataplaneRows rows;

    @BeforeEach
    void start() {
        rows = DataplaneRows.onMigratedDatabase();
    }

    @AfterEach
    void stop() {
        rows.close();
    }

    /** invalidReplyRoot, violatesThreadGate, violatesEmbeddingRules of a post, as text ("null" for NULL). */
    private List<String> flagsOf(String uri) {
        Map<String, Object> row = rows.jdbc().queryForMap("SELECT \"invalidReplyRoot\", \"violatesThreadGate\","
                + " \"violatesEmbeddingRules\" FROM bsky.post WHERE uri = ?", uri);
        return row.values().stream().map(String::valueOf).toList();
    }

    private static String post(String did, String rkey) {
        return uri(did, POST, rkey);
    }

    @Test
    void aReplyThatNoRuleOfTheGateAllowsViolatesItAndIsNotCounted() {
        String root = rows.post(post(OWNER, "root"), "2025-01-01T00:00:00.000Z", null, null, mentioning(FRIEND));
        rows.threadGate(root, "2025-01-01T00:01:00.000Z", allow("mentionRule"));
        String mentioned = rows.post(post(FRIEND, "r1"), "2025-01-01T00:02:00.000Z", root, root, Map.of());
        String stranger = rows.post(post(STRANGER, "r2"), "2025-01-01T00:03:00.000Z", root, root, Map.of());
        String owners = rows.post(post(OWNER, "r3"), "2025-01-01T00:04:00.000Z", root, stranger, Map.of());

        rows.derive(OWNER, FRIEND, STRANGER);

        assertThat(flagsOf(stranger)).containsExactly("false", "true", "null");
        assertThat(flagsOf(mentioned)).containsExactly("null", "null", "null");
        assertThat(flagsOf(owners)).containsExactly("null", "null", "null");
        assertThat(flagsOf(root)).containsExactly("null", "null", "null");
        assertThat(rows.jdbc().queryForList("SELECT key FROM skybatch.aggregate_recount WHERE kind = 'post'",
                String.class)).containsExactly(root);
    }

    @Test
    void followsAndGatesCountOnlyWhenMadeBeforeTheReply() {
        String root = rows.post(post(OWNER, "root"), "2025-01-01T00:00:00.000Z");
        rows.threadGate(root, "2025-01-01T00:01:00.000Z", allow("followerRule"));
        rows.follow(FRIEND, OWNER, "f1", "2025-01-01T00:01:30.000Z");
        rows.follow(STRANGER, OWNER, "f2", "2025-01-01T00:05:00.000Z");
        String follower = rows.post(post(FRIEND, "r1"), "2025-01-01T00:02:00.000Z", root, root, Map.of());
        String followedLater = rows.post(post(STRANGER, "r2"), "2025-01-01T00:03:00.000Z", root, root, Map.of());
        String early = rows.post(post(OWNER, "early"), "2025-01-01T00:00:00.000Z");
        String beforeItsGate = rows.post(post(STRANGER, "r3"), "2025-01-01T00:00:30.000Z", early, early, Map.of());
        rows.threadGate(early, "2025-01-01T00:06:00.000Z", allow());

        rows.derive(OWNER, FRIEND, STRANGER);

        assertThat(flagsOf(follower)).containsExactly("null", "null", "null");
        assertThat(flagsOf(followedLater)).containsExactly("false", "true", "null");
        assertThat(flagsOf(beforeItsGate)).containsExactly("null", "null", "null");
    }

    @Test
    void aReplyOutsideItsThreadOrWithoutItsParentHasAnInvalidRootAsDoRepliesBelowIt() {
        String root = rows.post(post(OWNER, "root"), "2025-01-01T00:00:00.000Z");
        String other = rows.post(post(OWNER, "other"), "2025-01-01T00:00:00.000Z");
        String valid = rows.post(post(FRIEND, "r1"), "2025-01-01T00:01:00.000Z", root, root, Map.of());
        String wrongRoot = rows.post(post(FRIEND, "r2"), "2025-01-01T00:02:00.000Z", other, valid, Map.of());
        String belowIt = rows.post(post(STRANGER, "r3"), "2025-01-01T00:03:00.000Z", other, wrongRoot, Map.of());
        String orphan = rows.post(post(STRANGER, "r4"), "2025-01-01T00:04:00.000Z", root,
                post(OWNER, "gone"), Map.of());

        rows.derive(FRIEND, STRANGER);

        assertThat(flagsOf(valid)).containsExactly("null", "null", "null");
        assertThat(flagsOf(wrongRoot)).containsExactly("true", "false", "null");
        assertThat(flagsOf(belowIt)).containsExactly("true", "false", "null");
        assertThat(flagsOf(orphan)).containsExactly("true", "false", "null");
        assertThat(rows.jdbc().queryForList("SELECT key FROM skybatch.aggregate_recount", String.class))
                .as("an invalid reply that breaks no gate is counted as before: its parent's counts stay")
                .isEmpty();
    }

    @Test
    void aQuoteOfAnothersPostWhoseGateDisablesQuotesViolatesItsEmbeddingRules() {
        String quiet = rows.post(post(OWNER, "quiet"), "2025-01-01T00:00:00.000Z");
        rows.noQuotes(quiet, "2025-01-01T00:00:10.000Z");
        String open = rows.post(post(OWNER, "open"), "2025-01-01T00:00:00.000Z");
        String breaking = rows.quote(post(FRIEND, "q1"), "2025-01-01T00:01:00.000Z", quiet);
        String ownQuote = rows.quote(post(OWNER, "q2"), "2025-01-01T00:01:00.000Z", quiet);
        String allowed = rows.quote(post(FRIEND, "q3"), "2025-01-01T00:01:00.000Z", open);

        rows.derive(FRIEND, OWNER);

        assertThat(flagsOf(breaking)).containsExactly("null", "null", "true");
        assertThat(flagsOf(ownQuote)).containsExactly("null", "null", "null");
        assertThat(flagsOf(allowed)).containsExactly("null", "null", "null");
    }

    @Test
    void aGateOrAParentInARepositoryWrittenLaterReEvaluatesWhatItGoverns() {
        String root = post(OWNER, "root");
        String reply = rows.post(post(STRANGER, "r1"), "2025-01-01T00:02:00.000Z", root, root, Map.of());
        String quote = rows.quote(post(STRANGER, "q1"), "2025-01-01T00:03:00.000Z", root);
        rows.derive(STRANGER);
        assertThat(flagsOf(reply)).containsExactly("true", "false", "null");

        rows.post(root, "2025-01-01T00:00:00.000Z");
        rows.threadGate(root, "2025-01-01T00:01:00.000Z", allow());
        rows.noQuotes(root, "2025-01-01T00:01:00.000Z");
        rows.derive(OWNER);

        assertThat(flagsOf(reply)).containsExactly("false", "true", "null");
        assertThat(flagsOf(quote)).containsExactly("null", "null", "true");
    }
}
