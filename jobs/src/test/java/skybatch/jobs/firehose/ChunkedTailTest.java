package skybatch.jobs.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static skybatch.jobs.testing.FirehoseFrames.map;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import skybatch.jobs.testing.FirehoseFrames;
import skybatch.jobs.testing.SkybatchTestApp;
import skybatch.jobs.testing.TestSigner;
import skybatch.readers.firehose.Journal;

/**
 * The tail applying a stream in one chunk leaves the rows it leaves applying the same stream one event per chunk, as
 * the app-view's indexer applies it: where two records take one unique value (a second like of the same post by the
 * same account, a second follow, repost, block or list item of the same subject), the first to arrive stays, whatever
 * the order of their URIs, and a record removed in the chunk stays removed when the chunk writes more than once.
 * Two real applications on two databases, the same frames in two journals.
 */
class ChunkedTailTest {

    private static final String POST = "app.bsky.feed.post";
    private static final String LIKE = "app.bsky.feed.like";
    /** The tables whose rows have a unique value besides the URI, and {@code record} (then the counts). */
    private static final List<String> TABLES = List.of("record", "like", "repost", "follow", "actor_block",
            "list_item");

    private final TestSigner key = new TestSigner("chunked");
    private final FirehoseFrames alice = new FirehoseFrames("did:plc:chunkedaaaaaaaaaaaaaaaaa", key);
    private final FirehoseFrames bob = new FirehoseFrames("did:plc:chunkedbbbbbbbbbbbbbbbbb", key);
    private final FirehoseFrames carol = new FirehoseFrames("did:plc:chunkedccccccccccccccccc", key);
    private final FirehoseFrames erin = new FirehoseFrames("did:plc:chunkedeeeeeeeeeeeeeeeee", key);
    private final List<byte[]> frames = new ArrayList<>();

    @TempDir
    Path dir;

    @Test
    void oneChunkLeavesTheRowsOfOneEventPerChunk() throws Exception {
        add(alice.commit().create(POST + "/p1", post("one")).create(POST + "/p2", post("two"))
                .create("app.bsky.graph.list/l", map("$type", "app.bsky.graph.list", "name", "friends", "purpose",
                        "app.bsky.graph.defs#curatelist", "createdAt", createdAt())));
        // the first of two with one unique value has the larger URI: it stays, the second does not go in
        add(bob.commit().create(LIKE + "/3lb", like(alice, "p1")));
        add(bob.commit().create(LIKE + "/3la", like(alice, "p1")));
        add(bob.commit().create("app.bsky.feed.repost/3rb", subject("app.bsky.feed.repost", alice, "p1")));
        add(bob.commit().create("app.bsky.feed.repost/3ra", subject("app.bsky.feed.repost", alice, "p1")));
        add(bob.commit().create("app.bsky.graph.follow/3fb", of("app.bsky.graph.follow", alice.did())));
        add(bob.commit().create("app.bsky.graph.follow/3fa", of("app.bsky.graph.follow", alice.did())));
        add(bob.commit().create("app.bsky.graph.block/3bb", of("app.bsky.graph.block", carol.did())));
        add(bob.commit().create("app.bsky.graph.block/3ba", of("app.bsky.graph.block", carol.did())));
        Map<String, Object> item = of("app.bsky.graph.listitem", bob.did());
        item.put("list", "at://" + alice.did() + "/app.bsky.graph.list/l");
        add(alice.commit().create("app.bsky.graph.listitem/3ib", item));
        add(alice.commit().create("app.bsky.graph.listitem/3ia", item));
        // a like among duplicates, the chunk then writing early (an account event), the like deleted, and duplicates
        // again: the like does not come back
        add(carol.commit().create(LIKE + "/c1", like(alice, "p1")).create(LIKE + "/c3", like(alice, "p2"))
                .create(LIKE + "/c2", like(alice, "p2")));
        frames.add(FirehoseFrames.account(frames.size() + 1, alice.did(), true, null));
        add(carol.commit().delete(LIKE + "/c1"));
        add(erin.commit().create(LIKE + "/e2", like(alice, "p1")));
        add(erin.commit().create(LIKE + "/e1", like(alice, "p1")));
        // a post liked and unliked in the chunk keeps its counts' row, at zero, as one event at a time leaves it
        add(alice.commit().create(POST + "/p3", post("three")));
        add(erin.commit().create(LIKE + "/e3", like(alice, "p3")));
        add(erin.commit().delete(LIKE + "/e3"));

        Map<String, List<String>> chunked = rowsAfterDraining("chunked", 1000);
        Map<String, List<String>> oneByOne = rowsAfterDraining("one-by-one", 1);

        assertThat(chunked).isEqualTo(oneByOne);

        assertThat(oneByOne.get("like")).containsExactly(uri(bob, LIKE + "/3lb"), uri(carol, LIKE + "/c3"),
                uri(erin, LIKE + "/e2"));
        assertThat(oneByOne.get("post_agg")).contains(uri(alice, POST + "/p3") + " 0 0 0 0");
        assertThat(oneByOne.get("repost")).containsExactly(uri(bob, "app.bsky.feed.repost/3rb"));
        assertThat(oneByOne.get("follow")).containsExactly(uri(bob, "app.bsky.graph.follow/3fb"));
        assertThat(oneByOne.get("actor_block")).containsExactly(uri(bob, "app.bsky.graph.block/3bb"));
        assertThat(oneByOne.get("list_item")).containsExactly(uri(alice, "app.bsky.graph.listitem/3ib"));
        assertThat(oneByOne.get("record")).doesNotContain(uri(carol, LIKE + "/c1")).contains(uri(bob, LIKE + "/3la"));
    }

    /** The stream in a journal of its own, drained in chunks of {@code chunkSize} on a database of its own. */
    private Map<String, List<String>> rowsAfterDraining(String name, int chunkSize) throws Exception {
        try (SkybatchTestApp app = SkybatchTestApp.firehose(dir.resolve(name), chunkSize)) {
            for (FirehoseFrames repo : List.of(alice, bob, carol, erin)) {
                app.jdbc().update("INSERT INTO skybatch.actor_identity (did, signing_key, plc_cid, plc_created_at)"
                        + " VALUES (?, ?, 'bafy', now())", repo.did(), key.didKey());
            }
            Journal journal = app.bean(Journal.class);
            for (int i = 0; i < frames.size(); i++) {
                journal.append(i + 1, Instant.now(), frames.get(i));
            }
            JobExecution execution = app.drainFirehose();
            assertThat(execution.getStatus()).as(execution.getExitStatus().getExitDescription())
                    .isEqualTo(BatchStatus.COMPLETED);
            Map<String, List<String>> rows = new LinkedHashMap<>();
            for (String table : TABLES) {
                rows.put(table, app.jdbc().queryForList("SELECT uri FROM bsky." + table + " ORDER BY uri",
                        String.class));
            }
            rows.put("post_agg", app.jdbc().queryForList("SELECT concat_ws(' ', uri, \"likeCount\", \"repostCount\","
                    + " \"replyCount\", \"quoteCount\") FROM bsky.post_agg ORDER BY uri", String.class));
            rows.put("profile_agg", app.jdbc().queryForList("SELECT concat_ws(' ', did, \"followersCount\","
                    + " \"followsCount\", \"postsCount\") FROM bsky.profile_agg ORDER BY did", String.class));
            return rows;
        }
    }

    private void add(FirehoseFrames.Commit commit) {
        frames.add(commit.at(frames.size() + 1));
    }

    private String createdAt() {
        return Instant.parse("2024-05-01T12:00:00Z").plusSeconds(frames.size()).toString();
    }

    private Map<String, Object> post(String text) {
        return map("$type", POST, "text", text, "createdAt", createdAt());
    }

    private Map<String, Object> like(FirehoseFrames repo, String rkey) {
        return subject(LIKE, repo, rkey);
    }

    private Map<String, Object> subject(String type, FirehoseFrames repo, String rkey) {
        String uri = uri(repo, POST + "/" + rkey);
        return map("$type", type, "subject", map("uri", uri, "cid", repo.records().get(uri)), "createdAt",
                createdAt());
    }

    private Map<String, Object> of(String type, String did) {
        return map("$type", type, "subject", did, "createdAt", createdAt());
    }

    private static String uri(FirehoseFrames repo, String path) {
        return "at://" + repo.did() + "/" + path;
    }
}
