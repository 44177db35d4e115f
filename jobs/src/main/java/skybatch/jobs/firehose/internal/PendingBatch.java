package skybatch.jobs.firehose.internal;

import java.util.concurrent.CompletableFuture;

/**
 * A {@link JournalBatch} whose entries are being checked ({@link EventDecoder#start}): read one batch ahead, so that
 * its checks run while the step writes the batch before.
 *
 * @param checked the batch's events, once all are checked
 */
public record PendingBatch(JournalBatch batch, CompletableFuture<LiveBatch> checked) {

    /** Whether the journal had nothing new for this batch (the chunk only lets a stop request be seen). */
    public boolean isEmpty() {
        return batch.entries().isEmpty();
    }
}
