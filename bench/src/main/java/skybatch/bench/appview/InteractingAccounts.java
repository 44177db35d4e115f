package skybatch.bench.appview;

import static skybatch.jobs.testing.SampleRepositories.blob;
import static skybatch.jobs.testing.SampleRepositories.map;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import skybatch.jobs.testing.TestRepository;
import skybatch.jobs.testing.TestSigner;

/**
 * Five accounts that interact, every record made one minute after the one before: profiles, follows (one of an
 * account without a repository), posts with mentions and links, a thread five deep with a reply by its author, quotes
 * with and without media, likes and reposts (some via a repost), a block, lists, a list block, a thread gate that a
 * reply breaks, a post gate that a quote breaks, a starter pack someone joined through, and a verification.
 */
final class InteractingAccounts {

    static final String POST = "app.bsky.feed.post";

    /** A record as the app-view's indexer gets it, in the order it was made. */
    record MadeRecord(String uri, String cid, String did, Map<String, Object> value) {}

    /** An account: its DID, handle, key, and repository. */
    record Account(String name, String did, String handle, TestSigner signer, TestRepository repo) {}

    private static final String TID_CHARS = "234567abcdefghijklmnopqrstuvwxyz";

    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final List<MadeRecord> made = new ArrayList<>();
    private Instant clock = Instant.parse("2025-01-01T00:00:00Z");

    private InteractingAccounts() {}

    List<Account> accounts() {
        return List.copyOf(accounts.values());
    }

    /** Every record in the order it was made. */
    List<MadeRecord> records() {
        return List.copyOf(made);
    }

    static InteractingAccounts generate() {
        InteractingAccounts g = new InteractingAccounts();
        for (String name : List.of("alice", "bob", "carol", "dan", "erin")) {
            String did = "did:plc:" + name + String.valueOf(name.charAt(0)).repeat(24 - name.length());
            g.accounts.put(name, new Account(name, did, name + ".test", new TestSigner("appview-" + name),
                    new TestRepository(did)));
        }
        String ghost = "did:plc:ghost" + "g".repeat(19);
        for (String name : List.of("alice", "bob", "carol", "dan")) {
            g.profile(name, null);
        }
        g.follow("alice", g.did("bob"));
        g.follow("alice", g.did("carol"));
        g.follow("bob", g.did("alice"));
        g.follow("carol", g.did("alice"));
        g.follow("dan", g.did("alice"));
        g.follow("bob", g.did("carol"));
        g.follow("alice", ghost);

        String text = "hello @bob.test, see https://example.com";
        MadeRecord hello = g.post("alice", text, null, List.of(
                facet(text, "@bob.test", map("$type", "app.bsky.richtext.facet#mention", "did", g.did("bob"))),
                facet(text, "https://example.com", map("$type", "app.bsky.richtext.facet#link",
                        "uri", "https://example.com"))), null);
        MadeRecord reply1 = g.post("bob", "hi alice", reply(hello, hello), null, null);
        MadeRecord reply2 = g.post("alice", "hi bob, from the author", reply(hello, reply1), null, null);
        MadeRecord reply3 = g.post("carol", "joining in", reply(hello, reply2), null, null);
        g.post("dan", "me too", reply(hello, reply3), null, null);

        MadeRecord bobs = g.post("bob", "a post of bob's", null, null, null);
        g.post("carol", "quoting bob", null, null, embedRecord(bobs));
        g.post("dan", "quoting alice with a picture", null, null, map("$type", "app.bsky.embed.recordWithMedia",
                "record", embedRecord(hello), "media", map("$type", "app.bsky.embed.images",
                        "images", List.of(map("image", blob(7), "alt", "a picture")))));

        g.like("bob", hello, null);
        g.like("carol", hello, null);
        g.like("alice", bobs, null);
        g.like("dan", reply1, null);
        MadeRecord carolsRepost = g.repost("carol", hello, null);
        g.repost("dan", hello, carolsRepost);
        g.like("alice", reply3, null);
        g.like("bob", bobs, null);

        g.record("dan", "app.bsky.graph.block", map("$type", "app.bsky.graph.block", "subject", g.did("erin"),
                "createdAt", g.now()));
        MadeRecord friends = g.list("alice", "Friends", "app.bsky.graph.defs#curatelist", "bob", "carol");
        MadeRecord spammers = g.list("alice", "Spammers", "app.bsky.graph.defs#modlist", "dan");
        g.record("bob", "app.bsky.graph.listblock", map("$type", "app.bsky.graph.listblock",
                "subject", spammers.uri(), "createdAt", g.now()));

        // a thread gate that lets only mentioned accounts reply, and a reply that breaks it
        String gated = "only @alice.test may answer";
        MadeRecord gatedPost = g.post("bob", gated, null, List.of(facet(gated, "@alice.test",
                map("$type", "app.bsky.richtext.facet#mention", "did", g.did("alice")))), null);
        g.gate("bob", "app.bsky.feed.threadgate", gatedPost, map("allow",
                List.of(map("$type", "app.bsky.feed.threadgate#mentionRule"))));
        g.post("alice", "allowed", reply(gatedPost, gatedPost), null, null);
        g.post("carol", "not allowed", reply(gatedPost, gatedPost), null, null);

        // a post gate that forbids quotes, and a quote that breaks it
        MadeRecord noQuotes = g.post("carol", "please do not quote", null, null, null);
        g.gate("carol", "app.bsky.feed.postgate", noQuotes, map("embeddingRules",
                List.of(map("$type", "app.bsky.feed.postgate#disableRule"))));
        g.post("dan", "quoting anyway", null, null, embedRecord(noQuotes));

        MadeRecord pack = g.record("alice", "app.bsky.graph.starterpack", map("$type", "app.bsky.graph.starterpack",
                "name", "Alice's friends", "list", friends.uri(), "createdAt", g.now()));
        g.profile("erin", pack);
        g.follow("erin", g.did("alice"));
        g.follow("erin", g.did("bob"));
        g.like("erin", hello, carolsRepost);
        g.record("alice", "app.bsky.graph.verification", map("$type", "app.bsky.graph.verification",
                "subject", g.did("bob"), "handle", "bob.test", "displayName", "bob", "createdAt", g.now()));
        String mention = "thanks @carol.test";
        g.post("erin", mention, null, List.of(facet(mention, "@carol.test",
                map("$type", "app.bsky.richtext.facet#mention", "did", g.did("carol")))), null);
        return g;
    }

    private String did(String name) {
        return accounts.get(name).did();
    }

    private String now() {
        return clock.toString();
    }

    private MadeRecord post(String name, String text, Map<String, Object> reply, List<Map<String, Object>> facets,
            Map<String, Object> embed) {
        Map<String, Object> value = map("$type", POST, "text", text, "createdAt", now(), "langs", List.of("en"));
        if (reply != null) {
            value.put("reply", reply);
        }
        if (facets != null) {
            value.put("facets", facets);
        }
        if (embed != null) {
            value.put("embed", embed);
        }
        return record(name, POST, value);
    }

    private void profile(String name, MadeRecord starterPack) {
        Map<String, Object> value = map("$type", "app.bsky.actor.profile", "displayName", name.toUpperCase(),
                "description", "I am " + name, "createdAt", now());
        if (starterPack != null) {
            value.put("joinedViaStarterPack", strongRef(starterPack));
        }
        record(name, "app.bsky.actor.profile", "self", value);
    }

    private void follow(String name, String subject) {
        record(name, "app.bsky.graph.follow", map("$type", "app.bsky.graph.follow", "subject", subject,
                "createdAt", now()));
    }

    private void like(String name, MadeRecord subject, MadeRecord via) {
        Map<String, Object> value = map("$type", "app.bsky.feed.like", "subject", strongRef(subject),
                "createdAt", now());
        if (via != null) {
            value.put("via", strongRef(via));
        }
        record(name, "app.bsky.feed.like", value);
    }

    private MadeRecord repost(String name, MadeRecord subject, MadeRecord via) {
        Map<String, Object> value = map("$type", "app.bsky.feed.repost", "subject", strongRef(subject),
                "createdAt", now());
        if (via != null) {
            value.put("via", strongRef(via));
        }
        return record(name, "app.bsky.feed.repost", value);
    }

    private MadeRecord list(String name, String title, String purpose, String... members) {
        MadeRecord list = record(name, "app.bsky.graph.list", map("$type", "app.bsky.graph.list", "name", title,
                "purpose", purpose, "createdAt", now()));
        for (String member : members) {
            record(name, "app.bsky.graph.listitem", map("$type", "app.bsky.graph.listitem", "subject", did(member),
                    "list", list.uri(), "createdAt", now()));
        }
        return list;
    }

    /** A thread gate or post gate: its rkey is the post's. */
    private void gate(String name, String collection, MadeRecord post, Map<String, Object> rules) {
        Map<String, Object> value = map("$type", collection, "post", post.uri(), "createdAt", now());
        value.putAll(rules);
        record(name, collection, post.uri().substring(post.uri().lastIndexOf('/') + 1), value);
    }

    private MadeRecord record(String name, String collection, Map<String, Object> value) {
        return record(name, collection, tid(clock), value);
    }

    private MadeRecord record(String name, String collection, String rkey, Map<String, Object> value) {
        Account account = accounts.get(name);
        account.repo().record(collection, rkey, value);
        MadeRecord record = new MadeRecord("at://" + account.did() + "/" + collection + "/" + rkey,
                account.repo().cid(collection, rkey), account.did(), value);
        made.add(record);
        clock = clock.plus(Duration.ofMinutes(1));
        return record;
    }

    private static Map<String, Object> strongRef(MadeRecord record) {
        return map("uri", record.uri(), "cid", record.cid());
    }

    private static Map<String, Object> reply(MadeRecord root, MadeRecord parent) {
        return map("root", strongRef(root), "parent", strongRef(parent));
    }

    private static Map<String, Object> embedRecord(MadeRecord record) {
        return map("$type", "app.bsky.embed.record", "record", strongRef(record));
    }

    /** A richtext facet over the first occurrence of {@code part} in {@code text}, by UTF-8 byte offsets. */
    private static Map<String, Object> facet(String text, String part, Map<String, Object> feature) {
        int start = text.substring(0, text.indexOf(part)).getBytes(StandardCharsets.UTF_8).length;
        int end = start + part.getBytes(StandardCharsets.UTF_8).length;
        return map("index", map("byteStart", (long) start, "byteEnd", (long) end), "features", List.of(feature));
    }

    /** A record key as a PDS makes it: the time in microseconds and a clock id, in base32-sortable. */
    private static String tid(Instant time) {
        long micros = time.getEpochSecond() * 1_000_000L + time.getNano() / 1_000;
        long value = (micros << 10) | 7;
        char[] chars = new char[13];
        for (int i = 12; i >= 0; i--) {
            chars[i] = TID_CHARS.charAt((int) (value & 31));
            value >>>= 5;
        }
        return new String(chars);
    }
}
