package skybatch.bench.backfill;

import java.util.List;
import java.util.Map;
import skybatch.jobs.testing.SampleRepositories;
import skybatch.jobs.testing.TestRepository;

/**
 * One account's repository of N records in the mix of a busy account: of every 100 records, 30 posts (a third
 * replies, a fifth with an image, a tenth with a link card), 35 likes, 15 follows, 10 reposts, 4 blocks, 1 list and
 * 5 list items. Record keys are TIDs in time order, as a PDS writes them.
 */
final class SyntheticRepository {

    static final String DID = "did:plc:benchbackfill" + "a".repeat(11);
    private static final String TID_CHARS = "234567abcdefghijklmnopqrstuvwxyz";

    private SyntheticRepository() {}

    static TestRepository generate(int records) {
        return generate(DID, records, 0);
    }

    /**
     * The repository of {@code did}; {@code others} chooses the accounts its records are about (the same for two
     * repositories with the same value, none shared between values {@code records} apart).
     */
    static TestRepository generate(String did, int records, long others) {
        TestRepository repo = new TestRepository(did);
        String list = null;
        for (int i = 0; i < records; i++) {
            String rkey = tid(1_700_000_000_000_000L + i * 1_000L);
            String createdAt = "2024-0" + (1 + i % 9) + "-1" + (i % 10) + "T12:34:56.789Z";
            long o = others + i;
            String other = "did:plc:" + base32(o * 0x9E3779B97F4A7C15L, 12)
                    + base32(o * 0xC2B2AE3D27D4EB4FL, 12);
            String otherPost = SampleRepositories.uri(other, "app.bsky.feed.post", tid(o * 7L));
            int kind = i % 100;
            if (kind < 30) {
                repo.record("app.bsky.feed.post", rkey, post(i, createdAt, otherPost));
            } else if (kind < 65) {
                repo.record("app.bsky.feed.like", rkey, SampleRepositories.map("$type", "app.bsky.feed.like",
                        "subject", SampleRepositories.ref(otherPost), "createdAt", createdAt));
            } else if (kind < 80) {
                repo.record("app.bsky.graph.follow", rkey, SampleRepositories.map("$type", "app.bsky.graph.follow",
                        "subject", other, "createdAt", createdAt));
            } else if (kind < 90) {
                repo.record("app.bsky.feed.repost", rkey, SampleRepositories.map("$type", "app.bsky.feed.repost",
                        "subject", SampleRepositories.ref(otherPost), "createdAt", createdAt));
            } else if (kind < 94) {
                repo.record("app.bsky.graph.block", rkey, SampleRepositories.map("$type", "app.bsky.graph.block",
                        "subject", other, "createdAt", createdAt));
            } else if (kind < 95) {
                list = SampleRepositories.uri(did, "app.bsky.graph.list", rkey);
                repo.record("app.bsky.graph.list", rkey, SampleRepositories.map("$type", "app.bsky.graph.list",
                        "name", "List " + i, "purpose", "app.bsky.graph.defs#curatelist", "createdAt", createdAt));
            } else {
                repo.record("app.bsky.graph.listitem", rkey, SampleRepositories.map("$type",
                        "app.bsky.graph.listitem", "subject", other, "list", list, "createdAt", createdAt));
            }
        }
        return repo;
    }

    private static Map<String, Object> post(int i, String createdAt, String otherPost) {
        Map<String, Object> post = SampleRepositories.map("$type", "app.bsky.feed.post", "text",
                "Post number " + i + " of a synthetic account, about as long as a typical post on the network.",
                "langs", List.of("en"), "createdAt", createdAt);
        if (i % 3 == 0) {
            post.put("reply", SampleRepositories.map("root", SampleRepositories.ref(otherPost),
                    "parent", SampleRepositories.ref(otherPost)));
        }
        if (i % 5 == 0) {
            post.put("embed", SampleRepositories.map("$type", "app.bsky.embed.images", "images",
                    List.of(SampleRepositories.map("image", SampleRepositories.blob(i % 250), "alt", "an image"))));
        } else if (i % 10 == 1) {
            post.put("embed", SampleRepositories.map("$type", "app.bsky.embed.external", "external",
                    SampleRepositories.map("uri", "https://example.com/" + i, "title", "A link",
                            "description", "What the link is about")));
        }
        return post;
    }

    /** A DID of 24 base32 characters for repository {@code n}. */
    static String did(int n) {
        return "did:plc:benchrepo" + base32(n, 7) + "a".repeat(8);
    }

    /** A TID: 13 base32-sortable characters of a microsecond timestamp (and a zero clock id). */
    static String tid(long micros) {
        return base32(micros << 10, 13);
    }

    /** The low {@code 5 * length} bits of {@code value} in base32-sortable characters, most significant first. */
    private static String base32(long value, int length) {
        char[] text = new char[length];
        for (int i = length - 1; i >= 0; i--) {
            text[i] = TID_CHARS.charAt((int) (value & 31));
            value >>>= 5;
        }
        return new String(text);
    }
}
