package skybatch.writers.aggregate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import skybatch.writers.support.SqlIdentifier;

/**
 * The counts of a first load: a backfill that starts on empty record tables notes nothing per chunk; it notes one
 * row, {@code ('all', '')} in {@code skybatch.aggregate_recount}, before it writes, and at its end every post's
 * and account's counts are computed in one set-based pass over the record tables, which removes that row in the
 * same transaction. Each count is the one {@link AggregateRecounter} gives a noted key (the same keys: subjects of
 * likes, reposts and quotes, parents of replies; authors of posts, both ends of follows), so both paths end with
 * the same rows. The row stays until the pass commits: a crash, or a run given up, leaves it to the next backfill.
 * The pass also takes off the notes of the keys it counted (the threads step notes the parents of the replies whose
 * flags it sets), which would only be counted again to the same rows; notes of other keys stay for the recounter.
 */
public final class FullRecount {

    private final DataSource dataSource;
    private final String note;
    private final String recount;

    public FullRecount(DataSource dataSource, String dataplaneSchema) {
        this.dataSource = dataSource;
        String dataplane = SqlIdentifier.requirePlain(dataplaneSchema, "dataplane schema");
        this.note = """
                WITH noted AS (
                    INSERT INTO skybatch.aggregate_recount (kind, key)
                    SELECT 'all', '' WHERE NOT EXISTS (SELECT FROM %1$s.record)
                    ON CONFLICT DO NOTHING RETURNING kind
                )
                SELECT EXISTS (SELECT FROM noted)
                    OR EXISTS (SELECT FROM skybatch.aggregate_recount WHERE kind = 'all')
                """.formatted(dataplane);
        this.recount = """
                WITH due AS (
                    DELETE FROM skybatch.aggregate_recount WHERE kind = 'all' RETURNING kind
                ), posts AS (
                    INSERT INTO %1$s.post_agg (uri, "likeCount", "replyCount", "repostCount", "quoteCount")
                    SELECT key, sum(likes), sum(replies), sum(reposts), sum(quotes) FROM (
                        SELECT subject AS key, count(*) AS likes, 0 AS replies, 0 AS reposts, 0 AS quotes
                            FROM %1$s."like" GROUP BY subject
                        UNION ALL SELECT "replyParent", 0,
                            count(*) FILTER (WHERE "violatesThreadGate" IS NOT TRUE), 0, 0
                            FROM %1$s.post WHERE "replyParent" IS NOT NULL GROUP BY "replyParent"
                        UNION ALL SELECT subject, 0, 0, count(*), 0 FROM %1$s.repost GROUP BY subject
                        UNION ALL SELECT subject, 0, 0, 0, count(*) FROM %1$s.quote GROUP BY subject
                    ) counted WHERE key IS NOT NULL AND EXISTS (SELECT FROM due)
                    GROUP BY key ORDER BY key
                    ON CONFLICT (uri) DO UPDATE SET "likeCount" = excluded."likeCount",
                        "replyCount" = excluded."replyCount", "repostCount" = excluded."repostCount",
                        "quoteCount" = excluded."quoteCount"
                    RETURNING uri
                ), profiles AS (
                    INSERT INTO %1$s.profile_agg (did, "followersCount", "followsCount", "postsCount")
                    SELECT key, sum(followers), sum(follows), sum(posts) FROM (
                        SELECT "subjectDid" AS key, count(*) AS followers, 0 AS follows, 0 AS posts
                            FROM %1$s.follow GROUP BY "subjectDid"
                        UNION ALL SELECT creator, 0, count(*), 0 FROM %1$s.follow GROUP BY creator
                        UNION ALL SELECT creator, 0, 0, count(*) FROM %1$s.post GROUP BY creator
                    ) counted WHERE key IS NOT NULL AND EXISTS (SELECT FROM due)
                    GROUP BY key ORDER BY key
                    ON CONFLICT (did) DO UPDATE SET "followersCount" = excluded."followersCount",
                        "followsCount" = excluded."followsCount", "postsCount" = excluded."postsCount"
                    RETURNING did
                ), covered AS (
                    -- the keys noted before (the threads step notes the parents of replies whose flags it set):
                    -- counted just now from the same snapshot, so their recount would write the same rows again
                    DELETE FROM skybatch.aggregate_recount r
                    USING (SELECT 'post' AS kind, uri AS key FROM posts UNION ALL SELECT 'profile', did FROM profiles) c
                    WHERE r.kind = c.kind AND r.key = c.key
                )
                SELECT (SELECT count(*) FROM due), (SELECT count(*) FROM posts) + (SELECT count(*) FROM profiles)
                """.formatted(dataplane);
    }

    /**
     * Decides whether a backfill is a first load, in the caller's transaction (or on its own): notes the full
     * recount when the record tables are empty.
     *
     * @return whether a full recount is due: noted now, or by an earlier run that has not finished it
     */
    public boolean noteIfEmpty() throws SQLException {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (Statement statement = connection.createStatement();
                ResultSet due = statement.executeQuery(note)) {
            due.next();
            return due.getBoolean(1);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** Whether a full recount is due, without noting one. */
    public boolean due() throws SQLException {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (Statement statement = connection.createStatement();
                ResultSet due = statement.executeQuery(
                        "SELECT EXISTS (SELECT FROM skybatch.aggregate_recount WHERE kind = 'all')")) {
            due.next();
            return due.getBoolean(1);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /**
     * When a full recount is due, counts every post and account from the record tables into {@code post_agg} and
     * {@code profile_agg} and takes the note off, with the notes of the keys it counted, in the caller's transaction.
     *
     * @return the {@code post_agg} and {@code profile_agg} rows written, or -1 when no full recount was due
     */
    public long recountIfDue() throws SQLException {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (Statement statement = connection.createStatement()) {
            // one pass of hash aggregates over whole tables: JIT would only add its compile time
            statement.execute("SET LOCAL jit = off");
            try (ResultSet counted = statement.executeQuery(recount)) {
                counted.next();
                return counted.getLong(1) == 0 ? -1 : counted.getLong(2);
            }
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
