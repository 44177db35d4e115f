package skybatch.jobs.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static skybatch.jobs.testing.FirehoseFrames.map;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import skybatch.jobs.testing.FirehoseFrames;
import skybatch.jobs.testing.FirehoseTestApp;
import skybatch.jobs.testing.SkybatchTestApp;
import skybatch.jobs.testing.TestSigner;

/**
 * Live records get what the app-view's indexer writes per event beyond their rows, in the tail's chunk: the
 * notifications, the gate and validity flags, and the counts, with no backfill run. A real journal, the real
 * application, a real PostgreSQL; each test has accounts of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveDerivationsTest {

    private static final String POST = "app.bsky.feed.post";
    private static final AtomicInteger DIDS = new AtomicInteger();

    private final AtomicLong seq = new AtomicLong(1000);
    private final TestSigner key = new TestSigner("live");
    private final AtomicInteger minute = new AtomicInteger();
    /**
     * A test's events before each drain in one chunk: the records derived at the chunk's end must come out as when
     * each was derived on arrival (FirehoseTailJobTest crosses chunk boundaries).
     */
    @RegisterExtension
    static final FirehoseTestApp firehose = new FirehoseTestApp(100);
    private final SkybatchTestApp app = firehose.app();

    private FirehoseFrames account() {
        String letters = Integer.toString(DIDS.incrementAndGet(), 26).chars()
                .mapToObj(c -> String.valueOf((char) (Character.digit(c, 26) + 'a'))).reduce("", String::concat);
        String did = "did:plc:live" + "a".repeat(20 - letters.length()) + letters;
        app.jdbc().update("INSERT INTO skybatch.actor_identity (did, signing_key, plc_cid, plc_created_at)"
                + " VALUES (?, ?, 'bafy', now())", did, key.didKey());
        return new FirehoseFrames(did, key);
    }

    private void append(FirehoseFrames.Commit commit) {
        long s = seq.incrementAndGet();
        app.bean(skybatch.readers.firehose.Journal.class).append(s, Instant.now(), commit.at(s));
    }

    private void drain() throws Exception {
        JobExecution execution = app.drainFirehose();
        assertThat(execution.getStatus()).as(execution.getExitStatus().getExitDescription())
                .isEqualTo(BatchStatus.COMPLETED);
    }

    /** Records made a minute apart, in the order the test makes them. */
    private String createdAt() {
        return Instant.parse("2024-05-01T12:00:00Z").plusSeconds(60L * minute.incrementAndGet()).toString();
    }

    private Map<String, Object> post(String text) {
        return map("$type", POST, "text", text, "createdAt", createdAt());
    }

    private static String uri(FirehoseFrames repo, String path) {
        return "at://" + repo.did() + "/" + path;
    }

    private static Map<String, Object> ref(FirehoseFrames repo, String path) {
        String uri = uri(repo, path);
        return map("uri", uri, "cid", repo.records().get(uri));
    }

    private Map<String, Object> reply(String text, FirehoseFrames rootRepo, String root) {
        return reply(text, rootRepo, root, rootRepo, root);
    }

    private Map<String, Object> reply(String text, FirehoseFrames rootRepo, String root, FirehoseFrames parentRepo,
            String parent) {
        Map<String, Object> post = post(text);
        post.put("reply", map("root", ref(rootRepo, root), "parent", ref(parentRepo, parent)));
        return post;
    }

    private Map<String, Object> follow(FirehoseFrames subject) {
        return map("$type", "app.bsky.graph.follow", "subject", subject.did(), "createdAt", createdAt());
    }

    /** A thread gate of {@code repo}'s post at {@code path} that allows replies by this rule alone. */
    private Map<String, Object> threadGate(FirehoseFrames repo, String path, String rule) {
        return map("$type", "app.bsky.feed.threadgate", "post", uri(repo, path), "allow",
                List.of(map("$type", "app.bsky.feed.threadgate#" + rule)), "createdAt", createdAt());
    }

    private Map<String, Object> quote(String text, FirehoseFrames quotedRepo, String quoted) {
        Map<String, Object> post = post(text);
        post.put("embed", map("$type", "app.bsky.embed.record", "record", ref(quotedRepo, quoted)));
        return post;
    }

    private Map<String, Object> subject(String type, FirehoseFrames repo, String path) {
        return map("$type", type, "subject", ref(repo, path), "createdAt", createdAt());
    }

    private List<String> notifications(FirehoseFrames to) {
        return app.jdbc().queryForList("SELECT reason || ' ' || \"recordUri\" FROM bsky.notification WHERE did = ?"
                + " ORDER BY reason, \"recordUri\"", String.class, to.did());
    }

    /** One of the post's flags ({@code violatesThreadGate}, {@code invalidReplyRoot}, ...). */
    private Boolean postFlag(String column, FirehoseFrames repo, String path) {
        return app.jdbc().queryForObject("SELECT \"" + column + "\" FROM bsky.post WHERE uri = ?", Boolean.class,
                uri(repo, path));
    }

    private Map<String, Object> postCounts(FirehoseFrames repo, String path) {
        return app.jdbc().queryForMap("SELECT \"likeCount\", \"repostCount\", \"replyCount\", \"quoteCount\""
                + " FROM bsky.post_agg WHERE uri = ?", uri(repo, path));
    }

    @Test
    void likesRepostsFollowsRepliesMentionsAndQuotesNotifyAsTheyArrive() throws Exception {
        FirehoseFrames alice = account();
        FirehoseFrames bob = account();
        FirehoseFrames carol = account();
        append(alice.commit().create(POST + "/p1", post("hello")));
        append(bob.commit().create("app.bsky.feed.like/l1", subject("app.bsky.feed.like", alice, POST + "/p1")));
        append(bob.commit().create("app.bsky.feed.repost/r1", subject("app.bsky.feed.repost", alice, POST + "/p1"))
                .create("app.bsky.graph.follow/f1", follow(alice)));
        Map<String, Object> mentioning = reply("hi @carol", alice, POST + "/p1");
        mentioning.put("facets", List.of(map("index", map("byteStart", 3L, "byteEnd", 9L), "features",
                List.of(map("$type", "app.bsky.richtext.facet#mention", "did", carol.did())))));
        append(bob.commit().create(POST + "/b1", mentioning));
        append(carol.commit().create(POST + "/c1", quote("look", alice, POST + "/p1")));
        // a like of one's own post notifies nobody
        append(alice.commit().create("app.bsky.feed.like/l2", subject("app.bsky.feed.like", alice, POST + "/p1")));

        drain();

        assertThat(notifications(alice)).containsExactly(
                "follow " + uri(bob, "app.bsky.graph.follow/f1"),
                "like " + uri(bob, "app.bsky.feed.like/l1"),
                "quote " + uri(carol, POST + "/c1"),
                "reply " + uri(bob, POST + "/b1"),
                "repost " + uri(bob, "app.bsky.feed.repost/r1"));
        assertThat(notifications(carol)).containsExactly("mention " + uri(bob, POST + "/b1"));
        assertThat(notifications(bob)).isEmpty();

        // a deleted like takes its notification with it; a deleted reply too
        append(bob.commit().delete("app.bsky.feed.like/l1").delete(POST + "/b1"));
        drain();
        assertThat(notifications(alice)).containsExactly(
                "follow " + uri(bob, "app.bsky.graph.follow/f1"),
                "quote " + uri(carol, POST + "/c1"),
                "repost " + uri(bob, "app.bsky.feed.repost/r1"));
        assertThat(notifications(carol)).isEmpty();
    }

    @Test
    void countsFollowTheLiveRecordsWithoutABackfill() throws Exception {
        FirehoseFrames alice = account();
        FirehoseFrames bob = account();
        append(alice.commit().create(POST + "/p1", post("hello")).create(POST + "/p2", post("again")));
        append(bob.commit().create("app.bsky.feed.like/l1", subject("app.bsky.feed.like", alice, POST + "/p1"))
                .create("app.bsky.feed.repost/r1", subject("app.bsky.feed.repost", alice, POST + "/p1")));
        append(bob.commit().create(POST + "/b1", reply("hi", alice, POST + "/p1"))
                .create(POST + "/b2", quote("look", alice, POST + "/p1")));
        append(bob.commit().create("app.bsky.graph.follow/f1", follow(alice)));

        drain();

        assertThat(postCounts(alice, POST + "/p1")).containsExactly(Map.entry("likeCount", 1L),
                Map.entry("repostCount", 1L), Map.entry("replyCount", 1L), Map.entry("quoteCount", 1L));
        assertThat(app.jdbc().queryForMap("SELECT \"followersCount\", \"followsCount\", \"postsCount\""
                + " FROM bsky.profile_agg WHERE did = ?", alice.did())).containsExactly(
                Map.entry("followersCount", 1L), Map.entry("followsCount", 0L), Map.entry("postsCount", 2L));
        assertThat(app.jdbc().queryForObject("SELECT \"followsCount\" FROM bsky.profile_agg WHERE did = ?",
                Long.class, bob.did())).isEqualTo(1);
        assertThat(app.jdbc().queryForObject("SELECT count(*) FROM skybatch.aggregate_recount WHERE key IN (?, ?)",
                Long.class, uri(alice, POST + "/p1"), alice.did())).isZero();

        append(bob.commit().delete("app.bsky.feed.like/l1").delete("app.bsky.graph.follow/f1"));
        drain();
        assertThat(postCounts(alice, POST + "/p1")).containsEntry("likeCount", 0L).containsEntry("repostCount", 1L);
        assertThat(app.jdbc().queryForObject("SELECT \"followersCount\" FROM bsky.profile_agg WHERE did = ?",
                Long.class, alice.did())).isZero();
    }

    @Test
    void aReplyThatBreaksTheThreadGateAndAQuoteThatBreaksThePostGateAreFlaggedNotCountedAndNotifyNobody()
            throws Exception {
        FirehoseFrames alice = account();
        FirehoseFrames bob = account();
        FirehoseFrames carol = account();
        append(alice.commit().create(POST + "/gated", post("mentioned only"))
                .create("app.bsky.feed.threadgate/gated", threadGate(alice, POST + "/gated", "mentionRule"))
                .create(POST + "/unquotable", post("no quotes"))
                .create("app.bsky.feed.postgate/unquotable", map("$type", "app.bsky.feed.postgate", "post",
                        uri(alice, POST + "/unquotable"), "embeddingRules", List.of(map("$type",
                                "app.bsky.feed.postgate#disableRule")), "createdAt", createdAt())));
        append(bob.commit().create(POST + "/reply", reply("not allowed", alice, POST + "/gated")));
        append(carol.commit().create(POST + "/quote", quote("not allowed", alice, POST + "/unquotable")));
        // the thread's author may always reply
        append(alice.commit().create(POST + "/own", reply("mine", alice, POST + "/gated")));

        drain();

        assertThat(app.jdbc().queryForMap("SELECT \"violatesThreadGate\", \"invalidReplyRoot\" FROM bsky.post"
                + " WHERE uri = ?", uri(bob, POST + "/reply"))).containsEntry("violatesThreadGate", true)
                .containsEntry("invalidReplyRoot", false);
        assertThat(postFlag("violatesThreadGate", alice, POST + "/own")).isNull();
        assertThat(postFlag("violatesEmbeddingRules", carol, POST + "/quote")).isTrue();
        assertThat(postFlag("hasThreadGate", alice, POST + "/gated")).isTrue();
        assertThat(postCounts(alice, POST + "/gated")).containsEntry("replyCount", 1L);
        assertThat(notifications(alice)).isEmpty();
    }

    @Test
    void aPostArrivedIsNotReEvaluatedWhenItsParentGoesLater() throws Exception {
        FirehoseFrames alice = account();
        FirehoseFrames bob = account();
        FirehoseFrames carol = account();
        append(alice.commit().create(POST + "/p1", post("hello")));
        append(bob.commit().create(POST + "/b1", reply("hi", alice, POST + "/p1")));
        append(carol.commit().create(POST + "/c1", reply("hi both", alice, POST + "/p1", bob, POST + "/b1")));
        drain();
        assertThat(notifications(bob)).containsExactly("reply " + uri(carol, POST + "/c1"));

        // bob's reply goes, and carol posts again: her reply below it keeps its flags and notifications, as the
        // app-view's indexer decided them when it arrived
        append(bob.commit().delete(POST + "/b1"));
        append(carol.commit().create(POST + "/c2", post("later")));
        drain();

        assertThat(postFlag("invalidReplyRoot", carol, POST + "/c1")).isNull();
        assertThat(notifications(alice)).containsExactly("reply " + uri(carol, POST + "/c1"));
        assertThat(notifications(bob)).containsExactly("reply " + uri(carol, POST + "/c1"));
    }

    @Test
    void aReplyKeepsWhatItGotOnArrivalWhenItsParentOrTheFollowItsGateAllowedGoesInTheSameChunk() throws Exception {
        FirehoseFrames alice = account();
        FirehoseFrames bob = account();
        FirehoseFrames carol = account();
        append(alice.commit().create(POST + "/p1", post("followers may answer"))
                .create("app.bsky.feed.threadgate/p1", threadGate(alice, POST + "/p1", "followingRule")));
        append(alice.commit().create("app.bsky.graph.follow/f1", follow(bob)));
        append(bob.commit().create(POST + "/b1", reply("allowed", alice, POST + "/p1")));
        append(bob.commit().create(POST + "/b2", reply("allowed too", alice, POST + "/p1")));
        append(alice.commit().create(POST + "/a2", reply("below bob's", alice, POST + "/p1", bob, POST + "/b1")));
        append(alice.commit().delete("app.bsky.graph.follow/f1"));
        append(bob.commit().delete(POST + "/b1"));
        append(carol.commit().create(POST + "/c1", reply("below it again", alice, POST + "/p1", alice, POST + "/a2")));

        drain();

        assertThat(postFlag("invalidReplyRoot", alice, POST + "/a2")).isNull();
        // bob's second reply was judged while alice followed him
        assertThat(postFlag("violatesThreadGate", bob, POST + "/b2")).isNull();
        assertThat(notifications(alice)).containsExactly("reply " + uri(bob, POST + "/b2"));
        // carol's reply breaks the gate (alice does not follow her): it notifies nobody
        assertThat(postFlag("violatesThreadGate", carol, POST + "/c1")).isTrue();
        assertThat(notifications(bob)).containsExactly("reply " + uri(alice, POST + "/a2"));
    }

    @Test
    void aLikeKeepsTheThreadMuteItMetOnArrivalWhenItsPostGoesInTheSameChunk() throws Exception {
        FirehoseFrames alice = account();
        FirehoseFrames bob = account();
        FirehoseFrames carol = account();
        append(alice.commit().create(POST + "/p1", post("muted")));
        append(alice.commit().create(POST + "/p2", post("not muted")));
        drain();
        app.jdbc().update("INSERT INTO bsky.thread_mute (\"rootUri\", \"mutedByDid\", \"createdAt\") VALUES (?, ?, ?)",
                uri(alice, POST + "/p1"), alice.did(), createdAt());
        try {
            append(bob.commit().create("app.bsky.feed.like/l1", subject("app.bsky.feed.like", alice, POST + "/p1")));
            append(carol.commit().create("app.bsky.feed.like/l2", subject("app.bsky.feed.like", alice, POST + "/p2")));
            append(alice.commit().delete(POST + "/p1"));
            append(alice.commit().delete(POST + "/p2"));
            drain();
        } finally {
            app.jdbc().update("DELETE FROM bsky.thread_mute WHERE \"mutedByDid\" = ?", alice.did());
        }
        // as one at a time: the like in the muted thread notified nobody (its post was there to say so), the other
        // keeps its notification with its post gone, as the app-view's keeps it
        assertThat(notifications(alice)).containsExactly("like " + uri(carol, "app.bsky.feed.like/l2"));
    }

    @Test
    void aDeletedAccountLosesTheNotificationsToIt() throws Exception {
        FirehoseFrames alice = account();
        FirehoseFrames bob = account();
        append(alice.commit().create(POST + "/p1", post("hello")));
        append(bob.commit().create("app.bsky.feed.like/l1", subject("app.bsky.feed.like", alice, POST + "/p1")));
        drain();
        assertThat(notifications(alice)).hasSize(1);

        long s = seq.incrementAndGet();
        app.bean(skybatch.readers.firehose.Journal.class).append(s, Instant.now(),
                FirehoseFrames.account(s, alice.did(), false, "deleted"));
        drain();
        assertThat(notifications(alice)).isEmpty();
    }
}
