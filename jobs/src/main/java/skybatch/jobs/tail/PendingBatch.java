package skybatch.jobs.tail;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import skybatch.jobs.firehose.internal.JournalBatch;

/**
 * A {@link JournalBatch} whose entries are being checked: read one batch ahead ({@link CheckAheadReader}), so that
 * its checks run while the step writes the batch before.
 *
 * @param checked what the checks make of the batch, once they are done
 * @param <T> what a tail writes of a checked batch
 */
public record PendingBatch<T>(JournalBatch batch, CompletableFuture<T> checked) {

    /** Whether the journal had nothing new for this batch (the chunk only lets a stop request be seen). */
    public boolean isEmpty() {
        return batch.entries().isEmpty();
    }

    /** The checked batch, once the checks are done; what a check threw, as it threw it. */
    public T join() {
        try {
            return checked.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
