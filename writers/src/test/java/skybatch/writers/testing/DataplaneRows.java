package skybatch.writers.testing;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import skybatch.readers.cbor.AtprotoJsonWriter;
import skybatch.writers.derived.ThreadsAndNotifications;
import skybatch.writers.notification.NotificationWriter;
import skybatch.writers.thread.ThreadFlagsWriter;
import skybatch.writers.thread.ThreadScope;

/**
 * Rows of the app-view's record tables (schema {@code bsky}) for tests of what is derived from them, written as the
 * record writer writes them: each record's row in {@code record} with its JSON, and its row in its table.
 */
public final class DataplaneRows implements AutoCloseable {

    public static final String POST = "app.bsky.feed.post";

    private final TestDatabase database;
    private final JdbcTemplate jdbc;

    private DataplaneRows(TestDatabase database) {
        this.database = database;
        this.jdbc = new JdbcTemplate(database.dataSource());
    }

    /** Rows on a fresh database with skybatch's migrations; closing it drops the database. */
    public static DataplaneRows onMigratedDatabase() {
        return new DataplaneRows(TestDatabase.migrated());
    }

    @Override
    public void close() {
        database.close();
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** What the backfill's threads step does for the repositories of {@code dids}, in one transaction. */
    public void derive(String... dids) {
        List<String> accounts = Arrays.asList(dids);
        new TransactionTemplate(new DataSourceTransactionManager(database.dataSource())).executeWithoutResult(s -> {
            try {
                new ThreadScope(database.dataSource(), "bsky").collect(accounts);
                new ThreadFlagsWriter(database.dataSource(), "bsky").write();
                new NotificationWriter(database.dataSource(), "bsky").write(accounts);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * What the backfill does for a first load of the repositories of {@code dids}, each its own batch: every post's
     * flags at once (the indexes step), then each account's own notifications, one transaction each.
     */
    public void deriveAsFirstLoad(String... dids) {
        ThreadsAndNotifications derived = new ThreadsAndNotifications(database.dataSource(), "bsky");
        inTransaction(derived::writeAllFlags);
        for (String did : dids) {
            inTransaction(() -> derived.writeFirstLoad(List.of(did)));
        }
    }

    /** What the backfill's threads step does on the merge path for the repositories of {@code dids}, one each. */
    public void deriveEachAlone(String... dids) {
        ThreadsAndNotifications derived = new ThreadsAndNotifications(database.dataSource(), "bsky");
        for (String did : dids) {
            inTransaction(() -> derived.write(List.of(did)));
        }
    }

    private void inTransaction(Derivation derivation) {
        new TransactionTemplate(new DataSourceTransactionManager(database.dataSource())).executeWithoutResult(s -> {
            try {
                derivation.run();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @FunctionalInterface
    private interface Derivation {
        void run() throws SQLException;
    }

    public static String uri(String did, String collection, String rkey) {
        return "at://" + did + "/" + collection + "/" + rkey;
    }

    public static String did(String uri) {
        return uri.split("/")[2];
    }

    private void record(String uri, Map<String, Object> value) {
        jdbc.update("INSERT INTO bsky.record (uri, cid, did, json, \"indexedAt\") VALUES (?, ?, ?, ?, ?)", uri,
                cid(uri), did(uri), AtprotoJsonWriter.toJson(value), "2026-01-01T00:00:00.000Z");
    }

    /** A stand-in CID per URI: these tests never read a block. */
    public static String cid(String uri) {
        return "bafy" + Integer.toHexString(uri.hashCode());
    }

    /** A post, a reply when {@code root} and {@code parent} are given, with the record's other fields. */
    public String post(String uri, String createdAt, String root, String parent, Map<String, Object> fields) {
        Map<String, Object> value = new LinkedHashMap<>(Map.of("$type", POST, "text", "", "createdAt",
                createdAt));
        value.putAll(fields);
        if (root != null) {
            value.put("reply", Map.of("root", Map.of("uri", root, "cid", cid(root)),
                    "parent", Map.of("uri", parent, "cid", cid(parent))));
        }
        record(uri, value);
        jdbc.update("INSERT INTO bsky.post (uri, cid, creator, text, \"replyRoot\", \"replyRootCid\", \"replyParent\","
                + " \"replyParentCid\", \"createdAt\", \"indexedAt\") VALUES (?, ?, ?, '', ?, ?, ?, ?, ?, ?)", uri,
                cid(uri), did(uri), root, root == null ? null : cid(root), parent, parent == null ? null : cid(parent),
                createdAt, "2026-01-01T00:00:00.000Z");
        return uri;
    }

    public String post(String uri, String createdAt) {
        return post(uri, createdAt, null, null, Map.of());
    }

    /** A post quoting {@code quoted} (an app.bsky.embed.record). */
    public String quote(String uri, String createdAt, String quoted) {
        post(uri, createdAt, null, null, Map.of("embed", Map.of("$type", "app.bsky.embed.record",
                "record", Map.of("uri", quoted, "cid", cid(quoted)))));
        jdbc.update("INSERT INTO bsky.post_embed_record (\"postUri\", \"embedUri\", \"embedCid\") VALUES (?, ?, ?)",
                uri, quoted, cid(quoted));
        jdbc.update("INSERT INTO bsky.quote (uri, cid, subject, \"subjectCid\", \"createdAt\", \"indexedAt\")"
                + " VALUES (?, ?, ?, ?, ?, ?)", uri, cid(uri), quoted, cid(quoted), createdAt, createdAt);
        return uri;
    }

    /** Facets mentioning {@code dids}, for {@link #post}'s fields. */
    public static Map<String, Object> mentioning(String... dids) {
        return Map.of("facets", List.of(Map.of("index", Map.of("byteStart", 0L, "byteEnd", 1L), "features",
                Arrays.stream(dids).map(d -> Map.of("$type", "app.bsky.richtext.facet#mention", "did", d))
                        .toList())));
    }

    /** A thread gate on {@code post} with these {@code allow} rules (types after {@code #}), or none for any reply. */
    public void threadGate(String post, String createdAt, Map<String, Object> fields) {
        String gate = post.replace("/" + POST + "/", "/app.bsky.feed.threadgate/");
        Map<String, Object> value = new LinkedHashMap<>(Map.of("$type", "app.bsky.feed.threadgate",
                "post", post, "createdAt", createdAt));
        value.putAll(fields);
        record(gate, value);
        jdbc.update("INSERT INTO bsky.thread_gate (uri, cid, creator, \"postUri\", \"createdAt\", \"indexedAt\")"
                + " VALUES (?, ?, ?, ?, ?, ?)", gate, cid(gate), did(gate), post, createdAt, createdAt);
    }

    public static Map<String, Object> allow(String... rules) {
        return Map.of("allow", Arrays.stream(rules)
                .map(r -> Map.of("$type", "app.bsky.feed.threadgate#" + r)).toList());
    }

    /** A post gate on {@code post} that disables quoting it. */
    public void noQuotes(String post, String createdAt) {
        String gate = post.replace("/" + POST + "/", "/app.bsky.feed.postgate/");
        record(gate, Map.of("$type", "app.bsky.feed.postgate", "post", post, "createdAt", createdAt,
                "embeddingRules", List.of(Map.of("$type", "app.bsky.feed.postgate#disableRule"))));
        jdbc.update("INSERT INTO bsky.post_gate (uri, cid, creator, \"postUri\", \"createdAt\", \"indexedAt\")"
                + " VALUES (?, ?, ?, ?, ?, ?)", gate, cid(gate), did(gate), post, createdAt, createdAt);
    }

    public String follow(String creator, String subject, String rkey, String createdAt) {
        String uri = uri(creator, "app.bsky.graph.follow", rkey);
        record(uri, Map.of("$type", "app.bsky.graph.follow", "subject", subject, "createdAt", createdAt));
        jdbc.update("INSERT INTO bsky.follow (uri, cid, creator, \"subjectDid\", \"createdAt\", \"indexedAt\")"
                + " VALUES (?, ?, ?, ?, ?, ?)", uri, cid(uri), creator, subject, createdAt, createdAt);
        return uri;
    }

    /** A like (or, with {@code table} "repost", a repost) of {@code subject}, through {@code via} when given. */
    public String like(String table, String creator, String rkey, String subject, String via, String createdAt) {
        String collection = table.equals("like") ? "app.bsky.feed.like" : "app.bsky.feed.repost";
        String uri = uri(creator, collection, rkey);
        record(uri, Map.of("$type", collection, "subject", Map.of("uri", subject, "cid", cid(subject)),
                "createdAt", createdAt));
        jdbc.update("INSERT INTO bsky.\"" + table + "\" (uri, cid, creator, subject, \"subjectCid\", via, \"viaCid\","
                + " \"createdAt\", \"indexedAt\") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", uri, cid(uri), creator, subject,
                cid(subject), via, via == null ? null : cid(via), createdAt, createdAt);
        return uri;
    }

    /** The notifications, as "reason did author recordUri reasonSubject sortAt", in a stable order. */
    public List<String> notifications() {
        return jdbc.queryForList("SELECT concat_ws(' ', reason, did, author, \"recordUri\","
                + " coalesce(\"reasonSubject\", '-'), \"sortAt\") FROM bsky.notification ORDER BY 1", String.class);
    }
}
