package skybatch.jobs.firehose.internal;

import java.sql.SQLException;
import java.util.Collection;
import skybatch.writers.aggregate.AggregateRecounter;
import skybatch.writers.derived.ThreadsAndNotifications;
import skybatch.writers.notification.ThreadMutes;

/**
 * What the app-view's indexer writes per event beyond the records, for the records a chunk of live events wrote or
 * removed, in the chunk's transaction once they are written: the gate and validity flags of the posts among them and
 * their notifications (the backfill's {@link ThreadsAndNotifications}, as the indexer decides them when a record
 * arrives: older posts are not re-evaluated), then the counts ({@code post_agg}, {@code profile_agg}) that the
 * records and flags noted for recounting (the backfill's {@link AggregateRecounter}). The recount takes the whole
 * queue: what a backfill running at the same time noted is counted here too, not only at its end.
 */
public final class LiveDerivations {

    /** Posts and accounts per recount statement. */
    private static final int RECOUNT_BATCH = 5_000;

    private final ThreadsAndNotifications threadsAndNotifications;
    private final AggregateRecounter recounter;
    private final ThreadMutes threadMutes;

    public LiveDerivations(ThreadsAndNotifications threadsAndNotifications, AggregateRecounter recounter,
            ThreadMutes threadMutes) {
        this.threadsAndNotifications = threadsAndNotifications;
        this.recounter = recounter;
        this.threadMutes = threadMutes;
    }

    /**
     * Whether what a like or repost derives reads the post it is about, so that the post's update or removal must
     * wait for that derivation: only when some thread is muted (the notification's only use of the post is to find
     * its thread's mutes; its recipient and the counts come from the subject's URI).
     */
    public boolean readsLikedPosts() {
        return threadMutes.any();
    }

    /** @param uris the records the chunk wrote or removed (nothing is done for none) */
    public void write(Collection<String> uris) throws SQLException {
        if (uris.isEmpty()) {
            return;
        }
        threadsAndNotifications.writeRecords(uris);
        while (recounter.recountNext(RECOUNT_BATCH) == RECOUNT_BATCH) {
            // until a statement finds less than a batch: the queue is empty (of what no other transaction holds)
        }
    }
}
