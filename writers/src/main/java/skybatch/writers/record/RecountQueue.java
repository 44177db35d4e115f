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
 * (post counts), the two ends of follows (account counts). One statement per chunk puts its keys in, in byte
 * order, the same in every transaction, so that two chunks noting the same keys wait for each other rather than
 * deadlock.
 */
final class RecountQueue {

    /** How many of the record tables the statement reads, each with the removed URIs. */
    private static final int REMOVAL_SOURCES = 7;

    private final String statement;

    RecountQueue(String dataplaneSchema) {
        String dataplane = SqlIdentifier.requirePlain(dataplaneSchema, "dataplane schema");
        this.statement = """
                INSERT INTO skybatch.aggregate_recount (kind, key)
                SELECT kind, key FROM (
                    SELECT 'post' AS kind, subject AS key FROM %1$s."like" WHERE uri = ANY (?)
                    UNION ALL SELECT 'post', subject FROM %1$s.repost WHERE uri = ANY (?)
                    UNION ALL SELECT 'post', subject FROM %1$s.quote WHERE uri = ANY (?)
                    UNION ALL SELECT 'post', "replyParent" FROM %1$s.post WHERE uri = ANY (?)
                    UNION ALL SELECT 'profile', creator FROM %1$s.post WHERE uri = ANY (?)
                    UNION ALL SELECT 'profile', "subjectDid" FROM %1$s.follow WHERE uri = ANY (?)
                    UNION ALL SELECT 'profile', creator FROM %1$s.follow WHERE uri = ANY (?)
                    UNION ALL SELECT 'post', unnest(?::text[])
                    UNION ALL SELECT 'profile', unnest(?::text[])
                ) changed WHERE key IS NOT NULL
                GROUP BY kind, key ORDER BY kind, key COLLATE "C" ON CONFLICT DO NOTHING
                """.formatted(dataplane);
    }

    /**
     * Notes the counts that a chunk changes, before it changes the tables: those of the records it removes, as the
     * tables still hold them, and those of the records it writes.
     */
    void note(Connection connection, Collection<String> removedUris, Collection<IndexedRecord> written)
            throws SQLException {
        Set<String> posts = new HashSet<>();
        Set<String> profiles = new HashSet<>();
        for (IndexedRecord record : written) {
            for (Record row : record.rows()) {
                if (row instanceof LikeRow like) {
                    posts.add(like.subject());
                } else if (row instanceof RepostRow repost) {
                    posts.add(repost.subject());
                } else if (row instanceof QuoteRow quote) {
                    posts.add(quote.subject());
                } else if (row instanceof PostRow post) {
                    posts.add(post.replyParent());
                    profiles.add(post.creator());
                } else if (row instanceof FollowRow follow) {
                    profiles.add(follow.subjectDid());
                    profiles.add(follow.creator());
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(statement)) {
            Array removed = connection.createArrayOf("text", removedUris.toArray());
            for (int i = 1; i <= REMOVAL_SOURCES; i++) {
                insert.setArray(i, removed);
            }
            insert.setArray(REMOVAL_SOURCES + 1, connection.createArrayOf("text", posts.toArray()));
            insert.setArray(REMOVAL_SOURCES + 2, connection.createArrayOf("text", profiles.toArray()));
            insert.executeUpdate();
        }
    }
}
