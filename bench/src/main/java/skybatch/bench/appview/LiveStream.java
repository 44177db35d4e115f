package skybatch.bench.appview;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import skybatch.jobs.testing.FirehoseFrames;
import skybatch.readers.firehose.testing.RelayStandIn;

/**
 * The {@link InteractingAccounts}' records as a relay streams them: each record a signed {@code #commit} of its
 * account's chain, in creation order, then what only a live stream has: deletes (a like, a repost, a reply with a
 * reply below it, a follow), a profile update, a post after them, {@code #identity} events and an account
 * deactivated and activated again. Written to the relay stand-in with seqs from 1.
 */
final class LiveStream {

    private final Map<String, FirehoseFrames> chains = new LinkedHashMap<>();
    private final Map<String, InteractingAccounts.MadeRecord> made = new LinkedHashMap<>();
    private final List<byte[]> frames = new ArrayList<>();

    private LiveStream(InteractingAccounts accounts) {
        for (InteractingAccounts.Account account : accounts.accounts()) {
            chains.put(account.did(), new FirehoseFrames(account.did(), account.signer()));
        }
    }

    static LiveStream of(InteractingAccounts accounts) {
        LiveStream stream = new LiveStream(accounts);
        for (InteractingAccounts.MadeRecord record : accounts.records()) {
            stream.create(record.did(), path(record.uri()), record.value());
            if (!stream.made.get(record.uri()).cid().equals(record.cid())) {
                throw new IllegalStateException(record.uri() + ": the commit's record block has another CID than the"
                        + " repository's, so the stream's references would not hold");
            }
        }
        String alice = did(accounts, "alice");
        String bob = did(accounts, "bob");
        String carol = did(accounts, "carol");
        String dan = did(accounts, "dan");
        String erin = did(accounts, "erin");
        stream.delete(first(accounts, bob, "app.bsky.feed.like", r -> true));
        stream.delete(first(accounts, dan, "app.bsky.feed.repost", r -> true));
        stream.delete(first(accounts, bob, "app.bsky.graph.follow", r -> carol.equals(r.value().get("subject"))));
        // carol's reply in alice's thread, with dan's reply below it
        stream.delete(first(accounts, carol, InteractingAccounts.POST, r -> r.value().containsKey("reply")));
        stream.frames.add(FirehoseFrames.identity(stream.frames.size() + 1, alice));
        Map<String, Object> profile = new LinkedHashMap<>(first(accounts, alice, "app.bsky.actor.profile",
                r -> true).value());
        profile.put("displayName", "Alice, renamed");
        stream.update(alice, "app.bsky.actor.profile/self", profile);
        stream.frames.add(FirehoseFrames.account(stream.frames.size() + 1, dan, false, "deactivated"));
        stream.frames.add(FirehoseFrames.account(stream.frames.size() + 1, dan, true, null));
        stream.create(erin, InteractingAccounts.POST + "/3mlivepost222", Map.of("$type", InteractingAccounts.POST,
                "text", "live, after it all", "createdAt", "2025-06-01T00:00:00.000Z", "langs", List.of("en")));
        stream.frames.add(FirehoseFrames.identity(stream.frames.size() + 1, erin));
        return stream;
    }

    /** Publishes every frame to the relay; returns the last seq. */
    long publishTo(RelayStandIn relay) {
        for (int i = 0; i < frames.size(); i++) {
            relay.publish(i + 1, frames.get(i));
        }
        return frames.size();
    }

    /** Every record the stream made, in the order made, the updated ones as they ended. */
    List<InteractingAccounts.MadeRecord> records() {
        return List.copyOf(made.values());
    }

    private void create(String did, String path, Map<String, Object> value) {
        FirehoseFrames chain = chains.get(did);
        frames.add(chain.commit().create(path, value).at(frames.size() + 1));
        String uri = "at://" + did + "/" + path;
        made.put(uri, new InteractingAccounts.MadeRecord(uri, chain.records().get(uri), did, value));
    }

    private void update(String did, String path, Map<String, Object> value) {
        FirehoseFrames chain = chains.get(did);
        frames.add(chain.commit().update(path, value).at(frames.size() + 1));
        String uri = "at://" + did + "/" + path;
        made.put(uri, new InteractingAccounts.MadeRecord(uri, chain.records().get(uri), did, value));
    }

    private void delete(InteractingAccounts.MadeRecord record) {
        frames.add(chains.get(record.did()).commit().delete(path(record.uri())).at(frames.size() + 1));
    }

    private static InteractingAccounts.MadeRecord first(InteractingAccounts accounts, String did, String collection,
            Predicate<InteractingAccounts.MadeRecord> matching) {
        return accounts.records().stream()
                .filter(r -> r.did().equals(did) && path(r.uri()).startsWith(collection + "/") && matching.test(r))
                .findFirst().orElseThrow(() -> new IllegalStateException("no " + collection + " of " + did));
    }

    private static String did(InteractingAccounts accounts, String name) {
        return accounts.accounts().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow().did();
    }

    /** {@code collection/rkey} of an AT-URI. */
    private static String path(String uri) {
        String[] parts = uri.split("/", 5);
        return parts[3] + "/" + parts[4];
    }
}
