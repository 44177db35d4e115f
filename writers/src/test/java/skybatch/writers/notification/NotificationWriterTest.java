package skybatch.writers.notification;

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

/** Notifications as the app-view's plugins write them, derived from the tables on a real PostgreSQL. */
class NotificationWriterTest {

    private static final String ALICE = "did:plc:alice" + "a".repeat(19);
    private static final String BOB = "did:plc:bob" + "b".repeat(21);
    private static final String CAROL = "did:plc:carol" + "c".repeat(19);
    private static final String DAN = "did:plc:dan" + "d".repeat(21);
    private static final String ERIN = "did:plc:erin" + "e".repeat(20);
    private static final String T0 = "2025-01-01T00:00:00.000Z";
    private static final String T1 = "2025-01-01T00:01:00.000Z";
    private static final String T2 = "2025-01-01T00:02:00.000Z";
    private static final String T3 = "2025-01-01T00:03:00.000Z";
    private static final String T4 = "2025-01-01T00:04:00.000Z";
    private static final String T5 = "2025-01-01T00:05:00.000Z";

    private DataplaneRows rows;

    @BeforeEach
    void start() {
        rows = DataplaneRows.onMigratedDatabase();
    }

    @AfterEach
    void stop() {
        rows.close();
    }

    private static String post(String did, String rkey) {
        return uri(did, POST, rkey);
    }

    @Test
    void likesRepostsAndFollowsNotifyTheirSubjectsAndTheRepostTheyCameThroughButNeverOneself() {
        String hello = rows.post(post(ALICE, "hello"), T0);
        String repost = rows.like("repost", BOB, "rp1", hello, null, T1);
        String like = rows.like("like", CAROL, "l1", hello, repost, T2);
        String ownLike = rows.like("like", ALICE, "l2", hello, repost, T3);
        String reRepost = rows.like("repost", DAN, "rp2", hello, repost, T4);
        String follow = rows.follow(BOB, ALICE, "f1", T5);

        rows.derive(ALICE, BOB, CAROL, DAN);

        assertThat(rows.notifications()).containsExactly(
                "follow " + ALICE + " " + BOB + " " + follow + " - " + T5,
                "like " + ALICE + " " + CAROL + " " + like + " " + hello + " " + T2,
                "like-via-repost " + BOB + " " + CAROL + " " + like + " " + repost + " " + T2,
                "repost " + ALICE + " " + BOB + " " + repost + " " + hello + " " + T1,
                "repost " + ALICE + " " + DAN + " " + reRepost + " " + hello + " " + T4,
                "repost-via-repost " + BOB + " " + DAN + " " + reRepost + " " + repost + " " + T4);
        assertThat(rows.notifications()).noneMatch(n -> n.contains(ownLike));
    }

    @Test
    void aPostNotifiesEachAccountOnceMentionsFirstThenQuotesThenTheFourNearestAncestors() {
        String root = rows.post(post(ALICE, "root"), T0);
        String r1 = rows.post(post(BOB, "r1"), T1, root, root, Map.of());
        String r2 = rows.post(post(CAROL, "r2"), T2, root, r1, Map.of());
        String r3 = rows.post(post(DAN, "r3"), T3, root, r2, Map.of());
        String r4 = rows.post(post(BOB, "r4"), T4, root, r3, Map.of());
        // five deep: ERIN's reply notifies r4's BOB (nearest), r3's DAN, r2's CAROL (mentioned: a mention), not
        // root's ALICE (height 5)
        String r5 = rows.post(post(ERIN, "r5"), T5, root, r4, mentioning(CAROL, ERIN));

        rows.derive(ALICE, BOB, CAROL, DAN, ERIN);

        assertThat(rows.notifications()).filteredOn(n -> n.contains(r5)).containsExactlyInAnyOrder(
                "mention " + CAROL + " " + ERIN + " " + r5 + " - " + T5,
                "reply " + BOB + " " + ERIN + " " + r5 + " " + r4 + " " + T5,
                "reply " + DAN + " " + ERIN + " " + r5 + " " + r3 + " " + T5);
        // BOB's r4: to DAN, CAROL and ALICE above it, not to BOB for his own r1
        assertThat(rows.notifications()).filteredOn(n -> n.split(" ")[3].equals(r4))
                .extracting(n -> n.split(" ")[1]).containsExactlyInAnyOrder(DAN, CAROL, ALICE);
    }

    @Test
    void aboveAReplyTheThreadGateHidesNoAncestorIsNotified() {
        String root = rows.post(post(ALICE, "root"), T0);
        String hidden = rows.post(post(BOB, "r1"), T1, root, root, Map.of());
        rows.threadGate(root, T2, Map.of("hiddenReplies", List.of(hidden)));
        String below = rows.post(post(CAROL, "r2"), T3, root, hidden, Map.of());

        rows.derive(ALICE, BOB, CAROL);

        assertThat(rows.notifications()).filteredOn(n -> n.split(" ")[3].equals(below))
                .containsExactly("reply " + BOB + " " + CAROL + " " + below + " " + hidden + " " + T3);
    }

    @Test
    void aReplyThatBreaksTheGateOrAQuoteThatBreaksThePostGateNotifiesNoOne() {
        String gated = rows.post(post(ALICE, "gated"), T0);
        rows.threadGate(gated, T1, allow());
        String quiet = rows.post(post(ALICE, "quiet"), T0);
        rows.noQuotes(quiet, T1);
        String reply = rows.post(post(BOB, "r1"), T2, gated, gated, Map.of());
        String quote = rows.quote(post(BOB, "q1"), T3, quiet);
        String allowedQuote = rows.quote(post(CAROL, "q2"), T3, gated);

        rows.derive(ALICE, BOB, CAROL);

        assertThat(rows.notifications()).noneMatch(n -> n.contains(reply) || n.contains(quote))
                .containsExactly("quote " + ALICE + " " + CAROL + " " + allowedQuote + " " + gated + " " + T3);
    }

    @Test
    void aReplyWhoseParentArrivesLaterNotifiesItsAuthorThenAndARemovedRecordLosesItsNotifications() {
        String root = post(ALICE, "root");
        String reply = rows.post(post(BOB, "r1"), T1, root, root, Map.of());
        String like = rows.like("like", BOB, "l1", root, null, T2);
        rows.derive(BOB);
        assertThat(rows.notifications()).containsExactly(
                "like " + ALICE + " " + BOB + " " + like + " " + root + " " + T2);

        rows.post(root, T0);
        rows.derive(ALICE);
        assertThat(rows.notifications()).containsExactly(
                "like " + ALICE + " " + BOB + " " + like + " " + root + " " + T2,
                "reply " + ALICE + " " + BOB + " " + reply + " " + root + " " + T1);

        rows.jdbc().update("DELETE FROM bsky.\"like\" WHERE uri = ?", like);
        rows.derive(BOB);
        assertThat(rows.notifications()).containsExactly(
                "reply " + ALICE + " " + BOB + " " + reply + " " + root + " " + T1);
        rows.derive(BOB);
        assertThat(rows.notifications()).hasSize(1);
    }

    @Test
    void aFirstLoadDerivingEachAccountsOwnRecordsWithoutRemovalsEndsWithTheRowsOfTheMergePath() {
        String root = rows.post(post(ALICE, "root"), T0);
        String hidden = rows.post(post(BOB, "r1"), T1, root, root, Map.of());
        rows.threadGate(root, T2, Map.of("hiddenReplies", List.of(hidden)));
        String r2 = rows.post(post(CAROL, "r2"), T3, root, hidden, mentioning(DAN));
        rows.post(post(DAN, "r3"), T4, root, r2, Map.of());
        rows.post(post(ERIN, "orphan"), T4, post(ALICE, "gone"), post(ALICE, "gone"), Map.of());
        String gated = rows.post(post(ALICE, "gated"), T0);
        rows.threadGate(gated, T1, allow());
        rows.post(post(BOB, "r4"), T2, gated, gated, Map.of());
        String quiet = rows.post(post(ALICE, "quiet"), T0);
        rows.noQuotes(quiet, T1);
        rows.quote(post(BOB, "q1"), T3, quiet);
        rows.quote(post(CAROL, "q2"), T3, gated);
        String repost = rows.like("repost", BOB, "rp1", root, null, T1);
        rows.like("like", CAROL, "l1", root, repost, T2);
        rows.follow(DAN, ALICE, "f1", T5);
        String flags = "SELECT concat_ws(' ', uri, \"invalidReplyRoot\", \"violatesThreadGate\","
                + " \"violatesEmbeddingRules\") FROM bsky.post ORDER BY 1";

        // the replies' and quotes' accounts first: the merge path derives them again with their parents' accounts
        rows.deriveEachAlone(ERIN, DAN, CAROL, BOB, ALICE);
        List<String> notifications = rows.notifications();
        List<String> flagged = rows.jdbc().queryForList(flags, String.class);
        rows.jdbc().update("TRUNCATE bsky.notification");
        rows.jdbc().update("UPDATE bsky.post SET \"invalidReplyRoot\" = NULL, \"violatesThreadGate\" = NULL,"
                + " \"violatesEmbeddingRules\" = NULL");

        rows.deriveAsFirstLoad(ERIN, DAN, CAROL, BOB, ALICE);

        assertThat(notifications).hasSizeGreaterThan(8);
        assertThat(flagged).contains(post(ERIN, "orphan") + " t f", post(BOB, "r4") + " f t", post(BOB, "q1") + " t");
        assertThat(rows.notifications()).isEqualTo(notifications);
        assertThat(rows.jdbc().queryForList(flags, String.class)).isEqualTo(flagged);
    }
}
