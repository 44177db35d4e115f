package skybatch.jobs.firehose.internal;

import java.sql.SQLException;
import java.util.Collection;
import skybatch.writers.aggregate.AggregateRecounter;
import skybatch.writers.derived.ThreadsAndNotifications;

/**
 * What the app-view's indexer writes per event beyond the records, for the accounts a chunk of live events changed,
 * in the chunk's transaction once its records are written: the posts' gate and validity flags and the notifications
 * (the backfill's {@link ThreadsAndNotifications}), then the counts ({@code post_agg}, {@code profile_agg}) that the
 * records and flags noted for recounting (the backfill's {@link AggregateRecounter}). The recount takes the whole
 * queue: what a backfill running at the same time noted is counted here too, not only at its end.
 */
public final class LiveDerivations {

    /** Posts and accounts per recount statement. */
    private static final int RECOUNT_BATCH = 5_000;

    private final ThreadsAndNotifications threadsAndNotifications;
    private final AggregateRecounter recounter;

    public LiveDerivations(ThreadsAndNotifications threadsAndNotifications, AggregateRecounter recounter) {
        this.threadsAndNotifications = threadsAndNotifications;
        this.recounter = recounter;
    }

    /** @param dids the accounts whose records the chunk changed (nothing is done for none) */
    public void write(Collection<String> dids) throws SQLException {
        if (dids.isEmpty()) {
            return;
        }
        threadsAndNotifications.write(dids);
        while (recounter.recountNext(RECOUNT_BATCH) > 0) {
            // until the queue is empty
        }
    }
}
