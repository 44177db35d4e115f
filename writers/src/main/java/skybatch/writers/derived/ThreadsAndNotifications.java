package skybatch.writers.derived;

import java.sql.SQLException;
import java.util.Collection;
import javax.sql.DataSource;
import skybatch.writers.notification.NotificationWriter;
import skybatch.writers.thread.ThreadFlagsWriter;
import skybatch.writers.thread.ThreadScope;

/**
 * For accounts whose records changed, or for records, in the caller's transaction: collects the posts those records
 * can change ({@link ThreadScope}), sets their gate and validity flags ({@link ThreadFlagsWriter}), then removes and derives
 * again their notifications ({@link NotificationWriter}), in that order, since the notifications read the flags. Once
 * per transaction: the scope is a temporary table dropped at commit.
 */
public final class ThreadsAndNotifications {

    private final ThreadScope scope;
    private final ThreadFlagsWriter flags;
    private final NotificationWriter notifications;
    private final NotificationWriter notificationsOfRecords;
    private final NotificationWriter notificationsOfFirstLoad;

    public ThreadsAndNotifications(DataSource dataSource, String dataplaneSchema) {
        this.scope = new ThreadScope(dataSource, dataplaneSchema);
        this.flags = new ThreadFlagsWriter(dataSource, dataplaneSchema);
        this.notifications = new NotificationWriter(dataSource, dataplaneSchema);
        this.notificationsOfRecords = new NotificationWriter(dataSource, dataplaneSchema,
                NotificationWriter.Keys.RECORDS);
        this.notificationsOfFirstLoad = new NotificationWriter(dataSource, dataplaneSchema,
                NotificationWriter.Keys.FIRST_LOAD_ACCOUNTS);
    }

    /**
     * For accounts backfilled: every post their records can change, whatever order repositories arrive in.
     *
     * @return how many notifications the accounts' records and the scope's posts now cause
     */
    public int write(Collection<String> dids) throws SQLException {
        scope.collect(dids);
        flags.write();
        return notifications.write(dids);
    }

    /**
     * A first load's flags, of every post at once: once its records are all in, before the posts' secondary indexes
     * are built (the updates then keep only the primary key up to date), and before {@link #writeFirstLoad}.
     */
    public void writeAllFlags() throws SQLException {
        flags.writeAll();
    }

    /**
     * For accounts of a first load whose flags {@link #writeAllFlags} set and which have no notifications yet, every
     * post in the tables being of the run's accounts: only their own posts' and records' notifications, nothing to
     * remove; the same rows as {@link #write}, which derives again, batch after batch, the replies and quotes other
     * batches' accounts made to them.
     *
     * @return how many notifications the accounts' records cause
     */
    public int writeFirstLoad(Collection<String> dids) throws SQLException {
        scope.collectOwn(dids);
        return notificationsOfFirstLoad.write(dids);
    }

    /**
     * For records just written or removed live ({@code uris}), as the app-view's indexer handles each when it
     * arrives: the flags of the posts among them, their notifications removed and derived again.
     *
     * @return how many notifications those records now cause
     */
    public int writeRecords(Collection<String> uris) throws SQLException {
        scope.collectPosts(uris);
        flags.write();
        return notificationsOfRecords.write(uris);
    }
}
