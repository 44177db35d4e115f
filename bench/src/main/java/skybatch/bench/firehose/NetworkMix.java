package skybatch.bench.firehose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import skybatch.jobs.testing.FirehoseFrames;
import skybatch.jobs.testing.TestSigner;
import skybatch.readers.cid.Cid;

/**
 * Signed {@code #commit} frames in the network's mix (69% likes, 12% posts, 10% reposts, 6% follows, 3% deletes), each
 * account a chain of its own, the same for the same accounts (a fixed seed): what bench/firehose's tail benchmark and
 * its {@code @atproto/bsky} baseline both consume.
 */
public final class NetworkMix {

    private static final String POST = "app.bsky.feed.post";

    private final List<FirehoseFrames> repos = new ArrayList<>();
    private final List<List<String>> posts = new ArrayList<>();
    private final List<List<String>> deletable = new ArrayList<>();
    private final Random random = new Random(7);
    private final String someCid = Cid.compute(Cid.DAG_CBOR, new byte[] {1}).toString();

    public NetworkMix(int accounts, TestSigner key) {
        for (int i = 0; i < accounts; i++) {
            StringBuilder id = new StringBuilder();
            for (char digit : String.format("%020d", i).toCharArray()) {
                id.append((char) ('a' + (digit - '0')));
            }
            repos.add(new FirehoseFrames("did:plc:bnch" + id, key));
            posts.add(new ArrayList<>());
            deletable.add(new ArrayList<>());
        }
    }

    public List<String> dids() {
        return repos.stream().map(FirehoseFrames::did).toList();
    }

    /** The next commit's frame, at this seq. */
    public byte[] next(long seq) {
        int a = random.nextInt(repos.size());
        FirehoseFrames repo = repos.get(a);
        String rkey = "3k" + Long.toString(seq, 32);
        int kind = random.nextInt(100);
        FirehoseFrames.Commit commit = repo.commit();
        if (kind < 3 && !deletable.get(a).isEmpty()) {
            commit.delete(deletable.get(a).remove(deletable.get(a).size() - 1));
        } else if (kind < 72) {
            commit.create(path("app.bsky.feed.like", rkey, a), Map.of("$type", "app.bsky.feed.like",
                    "subject", Map.of("uri", target(), "cid", someCid), "createdAt", "2024-05-01T12:00:00.000Z"));
        } else if (kind < 84) {
            commit.create(path(POST, rkey, a), Map.of("$type", POST, "text", "post " + seq, "createdAt",
                    "2024-05-01T12:00:00.000Z"));
            posts.get(a).add("at://" + repo.did() + "/" + POST + "/" + rkey);
        } else if (kind < 94) {
            commit.create(path("app.bsky.feed.repost", rkey, a), Map.of("$type", "app.bsky.feed.repost",
                    "subject", Map.of("uri", target(), "cid", someCid), "createdAt", "2024-05-01T12:00:00.000Z"));
        } else {
            commit.create(path("app.bsky.graph.follow", rkey, a), Map.of("$type", "app.bsky.graph.follow",
                    "subject", repos.get(random.nextInt(repos.size())).did(), "createdAt",
                    "2024-05-01T12:00:00.000Z"));
        }
        return commit.at(seq);
    }

    private String path(String collection, String rkey, int account) {
        String path = collection + "/" + rkey;
        deletable.get(account).add(path);
        return path;
    }

    /** A post to like or repost: one already made, else a made-up one. */
    private String target() {
        List<String> of = posts.get(random.nextInt(posts.size()));
        return of.isEmpty() ? "at://did:plc:bnchnobody/" + POST + "/x" : of.get(random.nextInt(of.size()));
    }
}
