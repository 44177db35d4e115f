package skybatch.writers.notification;

import java.sql.SQLException;
import java.util.Collection;
import javax.sql.DataSource;
import skybatch.writers.support.DataplaneStatement;
import skybatch.writers.thread.ThreadScope;

/**
 * Writes the app-view's {@code notification} rows as its indexing plugins write them, set-based, in the caller's
 * transaction, for a batch of backfilled accounts and the posts of their {@link ThreadScope} (whose flags are already
 * set): first removes the notifications those accounts' records and those posts caused, then derives them again from
 * the tables as they are, so that a removed or replaced record loses its notifications and a notification whose
 * subject's repository arrived later comes out as if the records had arrived in creation order:
 * <ul>
 *   <li>{@code like} and {@code repost} to the subject's author, and {@code like-via-repost} /
 *       {@code repost-via-repost} to the author of the repost they came through, never to oneself;
 *   <li>{@code follow} to the followed account, {@code verified} to the verified one, {@code starterpack-joined} to the
 *       starter pack's author (sorted at the profile's {@code indexedAt}, as the plugin sorts it);
 *   <li>from a post, each account once, the first reason winning: {@code mention} (facets, in order), {@code quote}
 *       of another's post unless it breaks its post gate, {@code reply} to the authors of the four nearest ancestors
 *       unless it breaks the thread gate (above a reply the thread gate hides, none), never to the post's author;
 *   <li>none that a thread mute of the notified account covers.
 * </ul>
 */
public final class NotificationWriter {

    /** The app-view notifies the authors of a reply's ancestors this far up. */
    private static final int REPLY_NOTIFICATION_DEPTH = 5;

    private final DataplaneStatement statement;

    /** What the notifications are derived for: accounts (all their records) or records. */
    public enum Keys {
        /** Every record of the given accounts (DIDs): the backfill's, whatever order repositories arrive in. */
        ACCOUNTS("creator", "author"),
        /**
         * The given records (AT-URIs) only, written or removed just now: the live path's, as the app-view's indexer
         * derives a record's notifications when it arrives and removes them with it.
         */
        RECORDS("uri", "\"recordUri\""),
        /**
         * Every record of the given accounts, whose notifications are not there yet and whose posts are derived by
         * no other batch: a first load's, once every post's flags are set, so nothing is removed.
         */
        FIRST_LOAD_ACCOUNTS("creator", null);

        private final String recordColumn;
        private final String notificationColumn;

        Keys(String recordColumn, String notificationColumn) {
            this.recordColumn = recordColumn;
            this.notificationColumn = notificationColumn;
        }

        /** The removals before the derivation, as common table expressions after {@code authors}. */
        private String removals(String dataplane) {
            return notificationColumn == null ? "" : """
                    , removed_by_author AS (
                        -- two statements, so that each finds its rows by its own index; = ANY (ARRAY(...)) probes
                        -- the index key by key, where IN (SELECT ...) was planned as a scan of the whole table, which
                        -- a live tail's chunk of a few hundred keys paid on every chunk, in proportion to the table
                        DELETE FROM %1$s.notification n WHERE n.%3$s = ANY (ARRAY(SELECT did FROM authors))
                    ), removed_by_post AS (
                        DELETE FROM %1$s.notification n WHERE n."recordUri" = ANY (ARRAY(SELECT uri FROM %2$s))
                    )""".formatted(dataplane, ThreadScope.TABLE, notificationColumn);
        }
    }

    /** For accounts ({@link Keys#ACCOUNTS}). */
    public NotificationWriter(DataSource dataSource, String dataplaneSchema) {
        this(dataSource, dataplaneSchema, Keys.ACCOUNTS);
    }

    /**
     * @param keys what {@link #write} is given: accounts, whose records' notifications are removed and derived again,
     *     or records
     */
    public NotificationWriter(DataSource dataSource, String dataplaneSchema, Keys keys) {
        this.statement = new DataplaneStatement(dataSource, dataplaneSchema, dataplane -> """
                WITH RECURSIVE authors AS (
                    SELECT unnest(?::text[]) AS did
                )%5$s, posts AS (
                    SELECT p.uri, p.cid, p.creator, p."sortAt", p."createdAt", p."replyParent",
                           coalesce(p."replyRoot", p.uri) AS root, p."violatesThreadGate", p."violatesEmbeddingRules"
                    FROM %1$s.post p JOIN %2$s s ON s.uri = p.uri
                ), ancestors (post, uri, parent, height) AS (
                    SELECT p.uri, p.uri, p."replyParent", 0 FROM posts p WHERE p."violatesThreadGate" IS NOT TRUE
                    UNION ALL
                    SELECT a.post, up.uri, up."replyParent", a.height + 1
                    FROM ancestors a JOIN %1$s.post up ON up.uri = a.parent
                    WHERE a.height + 1 < %3$d
                ), hidden AS (
                    -- the replies that the thread's gate (made before the post) hides
                    SELECT p.uri AS post, h #>> '{}' AS hidden
                    FROM posts p
                    JOIN %1$s.thread_gate g ON g."postUri" = p.root AND g.creator = split_part(p.root, '/', 3)
                        AND g."createdAt" <= p."createdAt"
                    JOIN %1$s.record gate ON gate.uri = g.uri,
                    jsonb_path_query(gate.json::jsonb, '$.hiddenReplies[*]') h
                ), post_reasons AS (
                    SELECT p.uri, f.feature ->> 'did' AS did, 'mention' AS reason, NULL AS subject,
                           f.facet * 1000 + f.position AS rank
                    -- only records whose text names a mention: the rest need no parsing (the JSON writers leave
                    -- this ASCII as it is)
                    FROM posts p JOIN %1$s.record r ON r.uri = p.uri
                        AND r.json LIKE '%%app.bsky.richtext.facet#mention%%',
                    LATERAL (SELECT fi AS facet, gi AS position, feature
                             FROM jsonb_path_query(r.json::jsonb, '$.facets[*]') WITH ORDINALITY AS fa (facet, fi),
                                  jsonb_path_query(fa.facet, '$.features[*]') WITH ORDINALITY AS fe (feature, gi)) f
                    WHERE f.feature ->> '$type' = 'app.bsky.richtext.facet#mention'
                    UNION ALL
                    SELECT p.uri, split_part(e."embedUri", '/', 3), 'quote', e."embedUri", 1000000000
                    FROM posts p JOIN %1$s.post_embed_record e ON e."postUri" = p.uri
                    WHERE split_part(e."embedUri", '/', 4) = 'app.bsky.feed.post'
                      AND p."violatesEmbeddingRules" IS NOT TRUE
                    UNION ALL
                    SELECT a.post, split_part(a.uri, '/', 3), 'reply', a.uri, 2000000000 + a.height
                    FROM ancestors a
                    WHERE a.height > 0 AND NOT EXISTS (SELECT 1 FROM ancestors below JOIN hidden h
                            ON h.post = below.post AND h.hidden = below.uri
                        WHERE below.post = a.post AND below.height > 0 AND below.height < a.height)
                ), post_notifications AS (
                    SELECT DISTINCT ON (p.uri, r.did) r.did, p.uri AS record_uri, p.cid AS record_cid,
                           p.creator AS author, r.reason, r.subject, p."sortAt" AS sort_at
                    FROM post_reasons r JOIN posts p ON p.uri = r.uri
                    WHERE r.did IS NOT NULL AND r.did <> p.creator
                    ORDER BY p.uri, r.did, r.rank
                ), derived AS (
                    SELECT * FROM post_notifications
                    UNION ALL
                    SELECT split_part(l.subject, '/', 3), l.uri, l.cid, l.creator, 'like', l.subject, l."sortAt"
                    FROM %1$s."like" l JOIN authors a ON a.did = l.%4$s
                    WHERE split_part(l.subject, '/', 3) <> l.creator
                    UNION ALL
                    SELECT split_part(l.via, '/', 3), l.uri, l.cid, l.creator, 'like-via-repost', l.via, l."sortAt"
                    FROM %1$s."like" l JOIN authors a ON a.did = l.%4$s
                    WHERE split_part(l.subject, '/', 3) <> l.creator AND split_part(l.via, '/', 3) <> l.creator
                    UNION ALL
                    SELECT split_part(r.subject, '/', 3), r.uri, r.cid, r.creator, 'repost', r.subject, r."sortAt"
                    FROM %1$s.repost r JOIN authors a ON a.did = r.%4$s
                    WHERE split_part(r.subject, '/', 3) <> r.creator
                    UNION ALL
                    SELECT split_part(r.via, '/', 3), r.uri, r.cid, r.creator, 'repost-via-repost', r.via, r."sortAt"
                    FROM %1$s.repost r JOIN authors a ON a.did = r.%4$s
                    WHERE split_part(r.subject, '/', 3) <> r.creator AND split_part(r.via, '/', 3) <> r.creator
                    UNION ALL
                    SELECT f."subjectDid", f.uri, f.cid, f.creator, 'follow', NULL, f."sortAt"
                    FROM %1$s.follow f JOIN authors a ON a.did = f.%4$s
                    UNION ALL
                    SELECT v.subject, v.uri, v.cid, v.creator, 'verified', NULL, v."sortedAt"
                    FROM %1$s.verification v JOIN authors a ON a.did = v.%4$s
                    UNION ALL
                    SELECT split_part(p."joinedViaStarterPackUri", '/', 3), p.uri, p.cid, p.creator,
                           'starterpack-joined', p."joinedViaStarterPackUri", p."indexedAt"
                    FROM %1$s.profile p JOIN authors a ON a.did = p.%4$s
                    WHERE p."joinedViaStarterPackUri" IS NOT NULL
                )
                INSERT INTO %1$s.notification (did, "recordUri", "recordCid", author, reason, "reasonSubject", "sortAt")
                SELECT d.did, d.record_uri, d.record_cid, d.author, d.reason, d.subject, d.sort_at FROM derived d
                -- the first test is made once: without thread mutes, no probe of the subject for each row
                WHERE NOT EXISTS (SELECT FROM %1$s.thread_mute)
                   OR NOT EXISTS (SELECT 1 FROM %1$s.post sp JOIN %1$s.thread_mute tm
                        ON tm."rootUri" = coalesce(sp."replyRoot", sp.uri) AND tm."mutedByDid" = d.did
                    WHERE sp.uri = d.subject)
                ORDER BY d.sort_at, d.record_uri, d.did
                """.formatted(dataplane, ThreadScope.TABLE, REPLY_NOTIFICATION_DEPTH, keys.recordColumn,
                keys.removals(dataplane)));
    }

    /**
     * Removes and derives again the notifications of the accounts (or the records) {@code keys} and of the scope's
     * posts.
     */
    public int write(Collection<String> keys) throws SQLException {
        return statement.update(keys);
    }
}
