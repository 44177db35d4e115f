package skybatch.writers.thread;

import java.sql.SQLException;
import java.util.Collection;
import javax.sql.DataSource;
import skybatch.writers.support.DataplaneStatement;

/**
 * The posts whose gate and validity flags and whose notifications a batch of backfilled repositories can change,
 * collected into the temporary table {@value #TABLE} of the caller's transaction (dropped at its commit): the
 * accounts' own posts; every reply below them and below the posts their thread gates govern (walked down the
 * replies, so a parent or a gate in a repository backfilled later re-evaluates what it governs); and the quotes of
 * their posts (whose post gates they answer to).
 */
public final class ThreadScope {

    /** The temporary table of post URIs that {@link ThreadFlagsWriter} and the notification writer work on. */
    public static final String TABLE = "pg_temp.rederived_post";

    private final DataplaneStatement create;
    private final DataplaneStatement createOfPosts;
    private final DataplaneStatement createOfAuthors;
    private final DataplaneStatement drop;
    private final DataplaneStatement index;

    public ThreadScope(DataSource dataSource, String dataplaneSchema) {
        this.create = new DataplaneStatement(dataSource, dataplaneSchema, dataplane -> """
                CREATE TEMPORARY TABLE rederived_post ON COMMIT DROP AS
                WITH RECURSIVE authors AS (
                    SELECT unnest(?::text[]) AS did
                ), tops AS (
                    SELECT p.uri FROM %1$s.post p JOIN authors a ON a.did = p.creator
                    UNION SELECT g."postUri" FROM %1$s.thread_gate g JOIN authors a ON a.did = g.creator
                ), below (uri) AS (
                    SELECT uri FROM tops
                    UNION SELECT p.uri FROM below b JOIN %1$s.post p ON p."replyParent" = b.uri
                )
                SELECT b.uri FROM below b JOIN %1$s.post p ON p.uri = b.uri
                UNION SELECT q.uri FROM %1$s.quote q JOIN %1$s.post p ON p.uri = q.subject
                    JOIN authors a ON a.did = p.creator
                """.formatted(dataplane));
        this.createOfPosts = new DataplaneStatement(dataSource, dataplaneSchema, dataplane -> """
                CREATE TEMPORARY TABLE rederived_post ON COMMIT DROP AS
                SELECT p.uri FROM %1$s.post p WHERE p.uri = ANY (?::text[])
                """.formatted(dataplane));
        this.createOfAuthors = new DataplaneStatement(dataSource, dataplaneSchema, dataplane -> """
                CREATE TEMPORARY TABLE rederived_post ON COMMIT DROP AS
                SELECT p.uri FROM %1$s.post p WHERE p.creator = ANY (?::text[])
                """.formatted(dataplane));
        this.drop = new DataplaneStatement(dataSource, dataplaneSchema, dataplane -> "DROP TABLE IF EXISTS " + TABLE);
        this.index = new DataplaneStatement(dataSource, dataplaneSchema,
                dataplane -> "ALTER TABLE " + TABLE + " ADD PRIMARY KEY (uri); ANALYZE " + TABLE);
    }

    /** Collects the posts that the repositories of {@code dids} can change, for the rest of the transaction. */
    public void collect(Collection<String> dids) throws SQLException {
        create.update(dids);
        index.update();
    }

    /**
     * Collects only the posts of the accounts {@code dids}: enough on a first load, once every post's flags are set
     * ({@link ThreadFlagsWriter#writeAll()}), where every post in the tables is of a repository the run derives, and
     * all of them are in: each post is derived once, with its author's batch, from tables that no longer change.
     */
    public void collectOwn(Collection<String> dids) throws SQLException {
        createOfAuthors.update(dids);
        index.update();
    }

    /**
     * Collects only the posts among {@code uris} (records just written live): the app-view's indexer decides a
     * post's flags and notifications when it arrives, and a parent or gate arriving later changes nothing of them.
     */
    public void collectPosts(Collection<String> uris) throws SQLException {
        // a transaction may collect several times (the live path, within a chunk)
        drop.update();
        createOfPosts.update(uris);
        index.update();
    }
}
