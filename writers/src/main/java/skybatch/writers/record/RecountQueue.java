package skybatch.writers.record;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import skybatch.writers.record.Rows.FollowRow;
import skybatch.writers.record.Rows.LikeRow;
import skybatch.writers.record.Rows.PostRow;
import skybatch.writers.record.Rows.QuoteRow;
import skybatch.writers.record.Rows.RepostRow;
import skybatch.writers.support.SqlIdentifier;

/**
 * Notes in {@code skybatch.aggregate_recount} the posts and accounts whose counts a change of records alters, in the
 * caller's transaction: the subjects of likes, reposts and quotes, the parents of replies and the authors of posts
 * (post counts), the two ends of follows (account counts). Keys go in in byte order, the same in every
 * transaction, so that two transactions noting the same keys wait for each other rather than deadlock.
 */
final class RecountQueue {

    static final String POST = "post";
    static final String PROFILE = "profile";

    /** How many of the record tables the removal statement reads, each with the removed URIs. */
    private static final int REMOVAL_SOURCES = 7;

    private final String removedKeys;

    RecountQueue(String dataplaneSchema) {
        String dataplane = SqlIdentifier.requirePlain(dataplaneSchema, "dataplane schema");
        this.removedKeys = """
                INSERT INTO skybatch.aggregate_recount (kind, key)
                SELECT kind, key FROM (
                    SELECT 'post' AS kind, subject AS key FROM %1$s."like" WHERE uri = ANY (?)
                    UNION ALL SELECT 'post', subject FROM %1$s.repost WHERE uri = ANY (?)
                    UNION ALL SELECT 'post', subject FROM %1$s.quote WHERE uri = ANY (?)
                    UNION ALL SELECT 'post', "replyParent" FROM %1$s.post
                        WHERE uri = ANY (?) AND "replyParent" IS NOT NULL
                    UNION ALL SELECT 'profile', creator FROM %1$s.post WHERE uri = ANY (?)
                    UNION ALL SELECT 'profile', "subjectDid" FROM %1$s.follow WHERE uri = ANY (?)
                    UNION ALL SELECT 'profile', creator FROM %1$s.follow WHERE uri = ANY (?)
                ) changed GROUP BY kind, key ORDER BY kind, key COLLATE "C" ON CONFLICT DO NOTHING
                """.formatted(dataplane);
    }

    /** Before records are removed: the counts that their removal changes. */
    void noteRemoval(Connection connection, Array uris) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(removedKeys)) {
            for (int i = 1; i <= REMOVAL_SOURCES; i++) {
                insert.setArray(i, uris);
            }
            insert.executeUpdate();
        }
    }

    /** The counts that these records, being written, change. */
    void noteWritten(Connection connection, Collection<IndexedRecord> records) throws SQLException {
        Set<String> posts = new HashSet<>();
        Set<String> profiles = new HashSet<>();
        for (IndexedRecord record : records) {
            for (Record row : record.rows()) {
                if (row instanceof LikeRow like) {
                    posts.add(like.subject());
                } else if (row instanceof RepostRow repost) {
                    posts.add(repost.subject());
                } else if (row instanceof QuoteRow quote) {
                    posts.add(quote.subject());
                } else if (row instanceof PostRow post) {
                    if (post.replyParent() != null) {
                        posts.add(post.replyParent());
                    }
                    profiles.add(post.creator());
                } else if (row instanceof FollowRow follow) {
                    profiles.add(follow.subjectDid());
                    profiles.add(follow.creator());
                }
            }
        }
        insert(connection, POST, posts);
        insert(connection, PROFILE, profiles);
    }

    private static void insert(Connection connection, String kind, Set<String> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO skybatch.aggregate_recount (kind, key)"
                + " SELECT ?, key FROM unnest(?::text[]) AS key ORDER BY key COLLATE \"C\" ON CONFLICT DO NOTHING")) {
            insert.setString(1, kind);
            insert.setArray(2, connection.createArrayOf("text", keys.toArray()));
            insert.executeUpdate();
        }
    }
}
