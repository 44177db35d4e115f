package skybatch.writers.aggregate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import skybatch.writers.support.SqlIdentifier;

/**
 * Counts again, from the record tables, the posts and accounts noted in {@code skybatch.aggregate_recount}, and
 * takes them off the queue, in one statement in the caller's transaction. The counts are the app-view plugins':
 * likes, reposts and quotes of a post by its URI, its replies unless they break a thread gate; an account's
 * followers, follows and posts. (The quote plugin counts quotes by the quoted CID; by URI, which differs only for
 * an edited post, the count follows the post.) Bookmark counts, which no repository holds, are left as they are.
 * The note of a full recount (kind {@code 'all'}) is {@link FullRecount}'s and is not taken here.
 */
public final class AggregateRecounter {

    private final DataSource dataSource;
    private final String statement;

    public AggregateRecounter(DataSource dataSource, String dataplaneSchema) {
        this.dataSource = dataSource;
        String dataplane = SqlIdentifier.requirePlain(dataplaneSchema, "dataplane schema");
        this.statement = """
                WITH taken AS (
                    DELETE FROM skybatch.aggregate_recount r
                    USING (SELECT kind, key FROM skybatch.aggregate_recount WHERE kind IN ('post', 'profile')
                           ORDER BY kind, key LIMIT ?
                           FOR UPDATE SKIP LOCKED) next
                    WHERE r.kind = next.kind AND r.key = next.key
                    RETURNING r.kind, r.key
                ), posts AS (
                    INSERT INTO %1$s.post_agg (uri, "likeCount", "replyCount", "repostCount", "quoteCount")
                    SELECT t.key,
                        (SELECT count(*) FROM %1$s."like" l WHERE l.subject = t.key),
                        (SELECT count(*) FROM %1$s.post p WHERE p."replyParent" = t.key
                            AND p."violatesThreadGate" IS NOT TRUE),
                        (SELECT count(*) FROM %1$s.repost r WHERE r.subject = t.key),
                        (SELECT count(*) FROM %1$s.quote q WHERE q.subject = t.key)
                    FROM taken t WHERE t.kind = 'post' ORDER BY t.key
                    ON CONFLICT (uri) DO UPDATE SET "likeCount" = excluded."likeCount",
                        "replyCount" = excluded."replyCount", "repostCount" = excluded."repostCount",
                        "quoteCount" = excluded."quoteCount"
                ), profiles AS (
                    INSERT INTO %1$s.profile_agg (did, "followersCount", "followsCount", "postsCount")
                    SELECT t.key,
                        (SELECT count(*) FROM %1$s.follow f WHERE f."subjectDid" = t.key),
                        (SELECT count(*) FROM %1$s.follow f WHERE f.creator = t.key),
                        (SELECT count(*) FROM %1$s.post p WHERE p.creator = t.key)
                    FROM taken t WHERE t.kind = 'profile' ORDER BY t.key
                    ON CONFLICT (did) DO UPDATE SET "followersCount" = excluded."followersCount",
                        "followsCount" = excluded."followsCount", "postsCount" = excluded."postsCount"
                )
                SELECT count(*) FROM taken
                """.formatted(dataplane);
    }

    /** Recounts at most {@code limit} queued posts and accounts; returns how many, 0 once the queue is empty. */
    public int recountNext(int limit) throws SQLException {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (Statement setup = connection.createStatement();
                PreparedStatement recount = connection.prepareStatement(statement)) {
            // The planner overestimates the index probes of fresh tables and compiles the statement with JIT, which
            // took 300 ms of each 350.
            setup.execute("SET LOCAL jit = off");
            recount.setInt(1, limit);
            try (ResultSet count = recount.executeQuery()) {
                count.next();
                return count.getInt(1);
            }
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
