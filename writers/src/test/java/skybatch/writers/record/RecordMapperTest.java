package skybatch.writers.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import skybatch.readers.cid.Cid;
import skybatch.writers.record.Rows.FeedItemRow;
import skybatch.writers.record.Rows.LabelerRow;
import skybatch.writers.record.Rows.OpThreadReplyRow;
import skybatch.writers.record.Rows.PostEmbedImageRow;
import skybatch.writers.record.Rows.PostEmbedRecordRow;
import skybatch.writers.record.Rows.PostRow;
import skybatch.writers.record.Rows.ProfileRow;
import skybatch.writers.record.Rows.QuoteRow;
import skybatch.writers.record.Rows.RecordRow;

/** The mapping rules of the app-view's indexing plugins, one by one. */
class RecordMapperTest {

    private static final String DID = "did:plc:aliceaaaaaaaaaaaaaaaaaaa";
    private static final String NOW = "2026-01-01T00:00:00.000Z";
    private static final Cid LINK = Cid.compute(Cid.RAW, new byte[] {1});

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static IndexedRecord map(String collection, String rkey, Map<String, Object> value) {
        return RecordMapper.map(DID, collection, rkey, "bafyrecord", value, NOW);
    }

    @Test
    void everyRecordHasItsRecordRowWithTheAtprotoJson() {
        IndexedRecord thing = map("com.example.thing", "t1", map("$type", "com.example.thing", "link", LINK,
                "bytes", new byte[] {1, 2, 3}, "n", 7L));

        assertThat(thing.rows()).isEmpty();
        assertThat(thing.record()).isEqualTo(new RecordRow("at://" + DID + "/com.example.thing/t1", "bafyrecord", DID,
                "{\"$type\":\"com.example.thing\",\"link\":{\"$link\":\"" + LINK
                        + "\"},\"bytes\":{\"$bytes\":\"AQID\"},\"n\":7}", NOW));
    }

    @Test
    void emptyLangsAndTagsAreNull() {
        PostRow post = (PostRow) map("app.bsky.feed.post", "p", map("text", "", "createdAt", "2024-01-01T00:00:00Z",
                "langs", List.of(), "tags", List.of("a"))).rows().get(0);

        assertThat(post.langs()).isNull();
        assertThat(post.tags()).isEqualTo(new Json("[\"a\"]"));
        assertThat(post.replyRoot()).isNull();
    }

    @Test
    void recordWithMediaGivesTheRecordAndTheMediaRows() {
        Map<String, Object> image = map("$type", "blob", "ref", LINK, "mimeType", "image/png", "size", 3L);
        Map<String, Object> legacyImage = map("cid", "bafylegacy", "mimeType", "image/png");
        IndexedRecord post = map("app.bsky.feed.post", "p", map("text", "t", "createdAt", "2024-01-01T00:00:00Z",
                "embed", map("$type", "app.bsky.embed.recordWithMedia",
                        "record", map("record", map("uri", "at://did:plc:x/app.bsky.feed.post/q", "cid", "bafyq")),
                        "media", map("$type", "app.bsky.embed.images", "images",
                                List.of(map("image", image, "alt", "one"), map("image", legacyImage, "alt", "two"))))));

        assertThat(post.rows()).containsExactly(
                post.rows().get(0),
                new FeedItemRow(post.uri(), "bafyrecord", "post", post.uri(), DID, "2024-01-01T00:00:00.000Z"),
                new PostEmbedRecordRow(post.uri(), "at://did:plc:x/app.bsky.feed.post/q", "bafyq"),
                new QuoteRow(post.uri(), "bafyrecord", "at://did:plc:x/app.bsky.feed.post/q", "bafyq",
                        "2024-01-01T00:00:00.000Z", NOW),
                new PostEmbedImageRow(post.uri(), "0", LINK.toString(), "one"),
                new PostEmbedImageRow(post.uri(), "1", "bafylegacy", "two"));
    }

    @Test
    void unknownEmbedTypesAreLeftOut() {
        IndexedRecord post = map("app.bsky.feed.post", "p", map("text", "t", "createdAt", "2024-01-01T00:00:00Z",
                "embed", map("$type", "app.bsky.embed.gallery", "items", List.of())));

        assertThat(post.rows()).extracting(Object::getClass).containsExactly(PostRow.class, FeedItemRow.class);
    }

    @Test
    void anEmbeddedRecordOtherThanAPostIsNoQuote() {
        IndexedRecord post = map("app.bsky.feed.post", "p", map("text", "t", "createdAt", "2024-01-01T00:00:00Z",
                "embed", map("$type", "app.bsky.embed.record",
                        "record", map("uri", "at://did:plc:x/app.bsky.feed.generator/f", "cid", "bafyf"))));

        assertThat(post.rows()).extracting(Object::getClass)
                .containsExactly(PostRow.class, FeedItemRow.class, PostEmbedRecordRow.class);
    }

    @Test
    void aRepostIsAFeedItemOfTheRepostedPostSortedByTheEarlierTime() {
        IndexedRecord repost = map("app.bsky.feed.repost", "r", map("createdAt", "2999-01-01T00:00:00Z",
                "subject", map("uri", "at://did:plc:x/app.bsky.feed.post/q", "cid", "bafyq")));

        assertThat(repost.rows().get(1)).isEqualTo(new FeedItemRow(repost.uri(), "bafyrecord", "repost",
                "at://did:plc:x/app.bsky.feed.post/q", DID, NOW));
    }

    @Test
    void profilesAndLabelersOtherThanSelfKeepOnlyTheirRecordRow() {
        Map<String, Object> profile = map("displayName", "A");
        assertThat(map("app.bsky.actor.profile", "other", profile).rows()).isEmpty();
        ProfileRow self = (ProfileRow) map("app.bsky.actor.profile", "self", profile).rows().get(0);
        assertThat(self.createdAt()).as("no createdAt: the time of indexing").isEqualTo(NOW);

        Map<String, Object> labeler = map("policies", map(), "createdAt", "2024-01-01T00:00:00Z");
        assertThat(map("app.bsky.labeler.service", "x", labeler).rows()).isEmpty();
        assertThat(map("app.bsky.labeler.service", "self", labeler).rows()).containsExactly(
                new LabelerRow("at://" + DID + "/app.bsky.labeler.service/self", "bafyrecord", DID,
                        "2024-01-01T00:00:00.000Z", NOW));
    }

    @Test
    void missingOrMistypedRequiredFieldsAreInvalid() {
        assertThatThrownBy(() -> map("app.bsky.feed.like", "l", map("createdAt", "2024-01-01T00:00:00Z")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("app.bsky.feed.like.subject is required: an object");
        assertThatThrownBy(() -> map("app.bsky.feed.like", "l", map("subject", map("uri", "at://x"),
                "createdAt", "2024-01-01T00:00:00Z")))
                .hasMessage("app.bsky.feed.like.subject.cid is required: a string");
        assertThatThrownBy(() -> map("app.bsky.graph.follow", "f", map("subject", 7L, "createdAt", "x")))
                .hasMessage("app.bsky.graph.follow.subject must be a string");
        assertThatThrownBy(() -> map("app.bsky.feed.post", "p", map("text", "t")))
                .hasMessage("app.bsky.feed.post.createdAt is required: a string");
        assertThatThrownBy(() -> map("app.bsky.feed.post", "p", map("text", "t", "createdAt", "x",
                "embed", map("$type", "app.bsky.embed.images", "images", List.of(map("alt", "no image"))))))
                .hasMessage("app.bsky.feed.post.embed.images[0].image is required: a blob");
    }

    @Test
    void gatesMustBeForTheirOwnPostWithTheSameKey() {
        Map<String, Object> gate = map("post", "at://" + DID + "/app.bsky.feed.post/other", "createdAt", "x");
        assertThatThrownBy(() -> map("app.bsky.feed.threadgate", "p1", gate))
                .hasMessage("Creator and rkey of thread gate does not match its post");
        assertThat(map("app.bsky.feed.postgate", "other", gate).rows()).hasSize(1);
    }

    @Test
    void aReplyInTheAuthorsOwnThreadIsAnOpThreadReply() {
        String root = "at://" + DID + "/app.bsky.feed.post/root";
        String parent = "at://did:plc:other/app.bsky.feed.post/parent";
        IndexedRecord own = map("app.bsky.feed.post", "p", map("text", "t", "createdAt", "2024-01-01T00:00:00Z",
                "reply", map("root", map("uri", root, "cid", "bafyroot"), "parent", map("uri", parent, "cid", "bafyp"))));
        IndexedRecord others = map("app.bsky.feed.post", "q", map("text", "t", "createdAt", "2024-01-01T00:00:00Z",
                "reply", map("root", map("uri", parent, "cid", "bafyp"), "parent", map("uri", parent, "cid", "bafyp"))));

        assertThat(own.rows()).contains(new OpThreadReplyRow(root, parent, own.uri(), null));
        assertThat(others.rows()).noneMatch(OpThreadReplyRow.class::isInstance);
    }
}
