package skybatch.writers.thread;

import java.sql.SQLException;
import javax.sql.DataSource;
import skybatch.writers.support.DataplaneStatement;

/**
 * Sets the app-view's flags on the posts of a {@link ThreadScope} (or on every post), as its post plugin sets them
 * when the records arrive in creation order, from the tables as they are, in the caller's transaction:
 * <ul>
 *   <li>{@code invalidReplyRoot}: the parent is missing, is not in the same thread (or, replying to the root, the
 *       root is itself a reply), or is an invalid reply itself;
 *   <li>{@code violatesThreadGate}: the thread's gate (made before the reply) allows replies only by rules the
 *       replier meets none of: mentioned in the root, followed by or following the root's author, in a listed list
 *       (follows and list items made before the reply); the root's author may always reply;
 *   <li>both are written only when one of them is true, as the plugin does, and stay NULL otherwise;
 *   <li>{@code violatesEmbeddingRules}: true for a quote of another's post whose post gate (made before the quote)
 *       disables embedding, NULL otherwise.
 * </ul>
 * Posts whose {@code violatesThreadGate} becomes or stops being true have their parent's counts noted for recounting
 * (a reply that breaks a gate is not counted; one whose flag goes from NULL to false counts as before).
 * {@code hasThreadGate} and {@code hasPostGate} are the record writer's, which sets them with the gates.
 */
public final class ThreadFlagsWriter {

    private static final String THREADGATE = "app.bsky.feed.threadgate#";

    private final DataplaneStatement ofScope;
    private final DataplaneStatement ofAll;

    public ThreadFlagsWriter(DataSource dataSource, String dataplaneSchema) {
        this.ofScope = new DataplaneStatement(dataSource, dataplaneSchema, dataplane -> statement(dataplane,
                "SELECT p.* FROM %1$s.post p JOIN %2$s s ON s.uri = p.uri".formatted(dataplane, ThreadScope.TABLE)));
        this.ofAll = new DataplaneStatement(dataSource, dataplaneSchema, dataplane -> statement(dataplane,
                "SELECT p.* FROM %1$s.post p".formatted(dataplane)));
    }

    /** The statement that sets the flags of the posts {@code target} selects (whole rows of {@code post}). */
    private static String statement(String dataplane, String target) {
        return """
                WITH RECURSIVE target AS (
                    %2$s
                ), chain (start, parent, bad, depth) AS (
                    -- up from each reply in scope: each reply's own check against its parent, until one fails
                    -- (the depth only guards against a cycle of replies, which URIs alone could make)
                    SELECT t.uri, t."replyParent", %4$s, 0 FROM target t WHERE t."replyParent" IS NOT NULL
                    UNION ALL
                    SELECT ch.start, p."replyParent", %5$s, ch.depth + 1
                    FROM chain ch JOIN %1$s.post p ON p.uri = ch.parent
                    WHERE NOT ch.bad AND p."replyParent" IS NOT NULL AND ch.depth < 10000
                ), invalid AS (
                    SELECT start AS uri, bool_or(bad) AS invalid FROM chain GROUP BY start
                ), gated AS (
                    SELECT t.uri, t.creator AS replier, split_part(t."replyRoot", '/', 3) AS owner, t."createdAt",
                           gate.json::jsonb -> 'allow' AS allow, root.json::jsonb AS root
                    FROM target t
                    JOIN %1$s.thread_gate g ON g."postUri" = t."replyRoot"
                        AND g.creator = split_part(t."replyRoot", '/', 3) AND g."createdAt" <= t."createdAt"
                    JOIN %1$s.record gate ON gate.uri = g.uri
                    LEFT JOIN %1$s.record root ON root.uri = t."replyRoot"
                    WHERE t."replyParent" IS NOT NULL AND t.creator <> split_part(t."replyRoot", '/', 3)
                ), rules AS (
                    SELECT uri, replier, owner, "createdAt", root,
                           jsonb_path_exists(allow, '$[*] ? (@."$type" == $t)',
                               jsonb_build_object('t', '%3$smentionRule')) AS mentions,
                           jsonb_path_exists(allow, '$[*] ? (@."$type" == $t)',
                               jsonb_build_object('t', '%3$sfollowerRule')) AS followers,
                           jsonb_path_exists(allow, '$[*] ? (@."$type" == $t)',
                               jsonb_build_object('t', '%3$sfollowingRule')) AS following,
                           ARRAY(SELECT l #>> '{}' FROM jsonb_path_query(allow, '$[*] ? (@."$type" == $t).list',
                               jsonb_build_object('t', '%3$slistRule')) l) AS lists
                    FROM gated WHERE jsonb_typeof(allow) = 'array'
                ), violating AS (
                    SELECT r.uri FROM rules r
                    WHERE NOT (r.mentions AND coalesce(jsonb_path_exists(r.root,
                            '$.facets[*].features[*] ? (@."$type" == "app.bsky.richtext.facet#mention" && @.did == $d)',
                            jsonb_build_object('d', r.replier)), false))
                      AND NOT (r.following AND EXISTS (SELECT 1 FROM %1$s.follow f WHERE f.creator = r.owner
                            AND f."subjectDid" = r.replier AND f."createdAt" <= r."createdAt"))
                      AND NOT (r.followers AND EXISTS (SELECT 1 FROM %1$s.follow f WHERE f.creator = r.replier
                            AND f."subjectDid" = r.owner AND f."createdAt" <= r."createdAt"))
                      AND NOT EXISTS (SELECT 1 FROM %1$s.list_item li WHERE li."listUri" = ANY (r.lists)
                            AND li."subjectDid" = r.replier AND li."createdAt" <= r."createdAt")
                ), embedding AS (
                    SELECT DISTINCT t.uri FROM target t
                    JOIN %1$s.post_embed_record e ON e."postUri" = t.uri
                        AND split_part(e."embedUri", '/', 4) = 'app.bsky.feed.post'
                        AND split_part(e."embedUri", '/', 3) <> t.creator
                    JOIN %1$s.post_gate g ON g."postUri" = e."embedUri"
                        AND g.creator = split_part(e."embedUri", '/', 3) AND g."createdAt" <= t."createdAt"
                    JOIN %1$s.record gate ON gate.uri = g.uri
                    WHERE jsonb_path_exists(gate.json::jsonb,
                        '$.embeddingRules[*] ? (@."$type" == "app.bsky.feed.postgate#disableRule")')
                ), flags AS (
                    SELECT t.uri, t."replyParent",
                           CASE WHEN i.invalid OR v.uri IS NOT NULL THEN coalesce(i.invalid, false) END AS invalid_root,
                           CASE WHEN i.invalid OR v.uri IS NOT NULL THEN v.uri IS NOT NULL END AS violates_gate,
                           CASE WHEN e.uri IS NOT NULL THEN true END AS violates_embedding
                    FROM target t LEFT JOIN invalid i ON i.uri = t.uri LEFT JOIN violating v ON v.uri = t.uri
                        LEFT JOIN embedding e ON e.uri = t.uri
                ), updated AS (
                    UPDATE %1$s.post p SET "invalidReplyRoot" = f.invalid_root, "violatesThreadGate" = f.violates_gate,
                        "violatesEmbeddingRules" = f.violates_embedding
                    FROM flags f
                    WHERE p.uri = f.uri AND (p."invalidReplyRoot" IS DISTINCT FROM f.invalid_root
                        OR p."violatesThreadGate" IS DISTINCT FROM f.violates_gate
                        OR p."violatesEmbeddingRules" IS DISTINCT FROM f.violates_embedding)
                    RETURNING p.uri, f."replyParent", f.violates_gate
                )
                -- only where the reply's counting changes: the counts leave out replies whose flag is true
                INSERT INTO skybatch.aggregate_recount (kind, key)
                SELECT DISTINCT 'post', u."replyParent" FROM updated u JOIN target t ON t.uri = u.uri
                WHERE (t."violatesThreadGate" IS TRUE) <> (u.violates_gate IS TRUE) AND u."replyParent" IS NOT NULL
                ORDER BY 2 ON CONFLICT DO NOTHING
                """.formatted(dataplane, target, THREADGATE, checkAgainstParent(dataplane, "t"),
                checkAgainstParent(dataplane, "p"));
    }

    /**
     * A reply's check against its parent, as the plugin's invalidReplyRoot makes it: the parent is missing; or the
     * reply answers the root, which is itself a reply; or it answers a post of another thread.
     */
    private static String checkAgainstParent(String dataplane, String reply) {
        return ("(SELECT par.uri IS NULL OR CASE WHEN %2$s.\"replyParent\" = %2$s.\"replyRoot\""
                + " THEN par.\"replyParent\" IS NOT NULL ELSE par.\"replyRoot\" IS DISTINCT FROM %2$s.\"replyRoot\" END"
                + " FROM (VALUES (1)) one LEFT JOIN %1$s.post par ON par.uri = %2$s.\"replyParent\")")
                .formatted(dataplane, reply);
    }

    /** The flags of the posts of the transaction's {@link ThreadScope}. */
    public void write() throws SQLException {
        ofScope.update();
    }

    /** The flags of every post: a first load's, all at once. */
    public void writeAll() throws SQLException {
        ofAll.update();
    }
}
