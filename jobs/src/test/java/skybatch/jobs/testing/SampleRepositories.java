package skybatch.jobs.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import skybatch.readers.cid.Cid;

/**
 * Generated repositories for the backfill tests: one record of every type the app-view indexes, with the fields
 * that go to columns, a record of a collection it does not index, and records it would refuse.
 */
public final class SampleRepositories {

    public static final String ALICE = "did:plc:alice" + "a".repeat(19);
    public static final String BOB = "did:plc:bob" + "b".repeat(21);
    public static final String CAROL = "did:plc:carol" + "c".repeat(19);

    public static final String POST = "app.bsky.feed.post";
    public static final Cid SOME_CID = Cid.compute(Cid.DAG_CBOR, new byte[] {(byte) 0xa0});
    /** Records in {@link #everyType}, and the ones of them that must be refused. */
    public static final int EVERY_TYPE_RECORDS = 21;
    public static final int EVERY_TYPE_REFUSED = 3;

    private SampleRepositories() {}

    /** A map of alternating keys and values, in that order. */
    public static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    public static Map<String, Object> blob(int n) {
        return map("$type", "blob", "ref", Cid.compute(Cid.RAW, new byte[] {(byte) n}), "mimeType", "image/jpeg",
                "size", 1000L + n);
    }

    public static String blobCid(int n) {
        return Cid.compute(Cid.RAW, new byte[] {(byte) n}).toString();
    }

    public static Map<String, Object> ref(String uri) {
        return map("uri", uri, "cid", SOME_CID.toString());
    }

    public static String uri(String did, String collection, String rkey) {
        return "at://" + did + "/" + collection + "/" + rkey;
    }

    /** Alice's repository with one record of each indexed type, and three the app-view would refuse. */
    public static TestRepository everyType() {
        TestRepository repo = new TestRepository(ALICE);
        repo.record(POST, "3kpost1", map("$type", POST, "text", "hello", "createdAt", "2024-05-01T12:00:00Z",
                "langs", List.of("en", "fr"), "tags", List.of("batch"),
                "reply", map("root", ref(uri(BOB, POST, "root")), "parent", ref(uri(BOB, POST, "parent"))),
                "embed", map("$type", "app.bsky.embed.images", "images",
                        List.of(map("image", blob(1), "alt", "a cat"), map("image", blob(2), "alt", "")))));
        repo.record(POST, "3kpost2", map("$type", POST, "text", "quoting", "createdAt", "2024-05-01T13:00:00+02:00",
                "embed", map("$type", "app.bsky.embed.recordWithMedia",
                        "record", map("$type", "app.bsky.embed.record", "record", ref(uri(BOB, POST, "quoted"))),
                        "media", map("$type", "app.bsky.embed.external", "external", map("uri",
                                "https://example.com", "title", "Example", "description", "An example",
                                "thumb", blob(3))))));
        repo.record(POST, "3kpost3", map("$type", POST, "text", "a clip", "createdAt", "2024-05-02T10:00:00",
                "embed", map("$type", "app.bsky.embed.video", "video", blob(4), "alt", "clip")));
        repo.record(POST, "3kpost4", map("$type", POST, "createdAt", "2024-05-02T10:00:00Z"));
        repo.record("app.bsky.feed.like", "3klike1", map("$type", "app.bsky.feed.like",
                "subject", ref(uri(BOB, POST, "liked")), "createdAt", "2024-05-03T00:00:00.123456Z"));
        repo.block("app.bsky.feed.like", "3klikebroken", new byte[] {(byte) 0xa1, 0x01});
        repo.record("app.bsky.feed.repost", "3krepost1", map("$type", "app.bsky.feed.repost",
                "subject", ref(uri(BOB, POST, "reposted")), "via", ref(uri(CAROL, "app.bsky.feed.repost", "r")),
                "createdAt", "not a date"));
        repo.record("app.bsky.graph.follow", "3kfollow1", map("$type", "app.bsky.graph.follow", "subject", BOB,
                "createdAt", "2024-05-04T00:00:00Z"));
        repo.record("app.bsky.graph.block", "3kblock1", map("$type", "app.bsky.graph.block", "subject", CAROL,
                "createdAt", "2024-05-04T00:00:00Z"));
        repo.record("app.bsky.actor.profile", "self", map("$type", "app.bsky.actor.profile", "displayName", "Alice",
                "description", "Backfilled", "avatar", blob(5), "joinedViaStarterPack",
                ref(uri(BOB, "app.bsky.graph.starterpack", "sp")), "createdAt", "2024-01-01T00:00:00Z"));
        repo.record("app.bsky.graph.list", "l1", map("$type", "app.bsky.graph.list", "name", "Friends",
                "purpose", "app.bsky.graph.defs#curatelist", "description", "my friends", "descriptionFacets",
                List.of(map("index", map("byteStart", 0L, "byteEnd", 2L), "features", List.of())),
                "createdAt", "2024-05-05T00:00:00Z"));
        repo.record("app.bsky.graph.listitem", "li1", map("$type", "app.bsky.graph.listitem", "subject", BOB,
                "list", uri(ALICE, "app.bsky.graph.list", "l1"), "createdAt", "2024-05-05T00:00:00Z"));
        repo.record("app.bsky.graph.listitem", "li2", map("$type", "app.bsky.graph.listitem", "subject", CAROL,
                "list", uri(BOB, "app.bsky.graph.list", "theirs"), "createdAt", "2024-05-05T00:00:00Z"));
        repo.record("app.bsky.graph.listblock", "lb1", map("$type", "app.bsky.graph.listblock",
                "subject", uri(BOB, "app.bsky.graph.list", "spam"), "createdAt", "2024-05-05T00:00:00Z"));
        repo.record("app.bsky.feed.generator", "feed1", map("$type", "app.bsky.feed.generator",
                "did", "did:web:feed.example.com", "displayName", "My feed", "avatar", blob(6),
                "createdAt", "2024-05-06T00:00:00Z"));
        repo.record("app.bsky.graph.starterpack", "sp1", map("$type", "app.bsky.graph.starterpack",
                "name", "Start here", "list", uri(ALICE, "app.bsky.graph.list", "l1"),
                "createdAt", "2024-05-06T00:00:00Z"));
        repo.record("app.bsky.labeler.service", "self", map("$type", "app.bsky.labeler.service",
                "policies", map("labelValues", List.of("spam")), "createdAt", "2024-05-06T00:00:00Z"));
        repo.record("app.bsky.feed.threadgate", "3kpost1", map("$type", "app.bsky.feed.threadgate",
                "post", uri(ALICE, POST, "3kpost1"), "createdAt", "2024-05-07T00:00:00Z"));
        repo.record("app.bsky.feed.postgate", "3kpost2", map("$type", "app.bsky.feed.postgate",
                "post", uri(ALICE, POST, "3kpost2"), "createdAt", "2024-05-07T00:00:00Z"));
        repo.record("app.bsky.graph.verification", "v1", map("$type", "app.bsky.graph.verification",
                "subject", BOB, "handle", "bob.test", "displayName", "Bob", "createdAt", "2024-05-08T00:00:00Z"));
        repo.record("com.example.thing", "t1", map("$type", "com.example.thing", "bytes", new byte[] {1, 2, 3},
                "link", SOME_CID));
        return repo;
    }
}
