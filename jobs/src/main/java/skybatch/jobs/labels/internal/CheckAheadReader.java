package skybatch.jobs.labels.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import skybatch.jobs.firehose.internal.JournalBatch;
import skybatch.jobs.firehose.internal.JournalBatchReader;

/**
 * Hands a labeler's journal batches already checked, and checks the next batch while the step writes this one:
 * after a full batch (a backlog), the next is read at once, in the step's thread as every read, and its checks
 * ({@link LabelBatchDecoder}, which spreads them over the cores) start on a thread of this reader's own, so that
 * the signatures of batch N+1 are being checked while batch N's labels are written. Batches come in journal
 * order, empty ones too (draining, the empty one ends the step as before). What was read ahead is not committed
 * until its own chunk: a stop or a crash leaves it to be read again from the committed position.
 */
public class CheckAheadReader implements ItemStreamReader<LabelBatch> {

    private final JournalBatchReader journal;
    private final LabelBatchDecoder decoder;
    private final int batchSize;
    private ExecutorService checks;
    private CompletableFuture<LabelBatch> ahead;
    private boolean ended;

    public CheckAheadReader(JournalBatchReader journal, LabelBatchDecoder decoder, int batchSize) {
        this.journal = journal;
        this.decoder = decoder;
        this.batchSize = batchSize;
    }

    @Override
    public void open(ExecutionContext executionContext) {
        journal.open(executionContext);
        checks = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, Thread.currentThread().getName() + "-checks");
            thread.setDaemon(true);
            return thread;
        });
        ahead = null;
        ended = false;
    }

    @Override
    public LabelBatch read() throws Exception {
        CompletableFuture<LabelBatch> current = ahead != null ? ahead : ended ? null : readAndCheck();
        ahead = null;
        if (current == null) {
            return null;
        }
        LabelBatch batch = await(current);
        if (batch.entries() >= batchSize && !ended) {
            ahead = readAndCheck(); // a backlog: check the next batch while this one is written
        }
        return batch;
    }

    /** The next batch's checks, started; null at the end of a drain. */
    private CompletableFuture<LabelBatch> readAndCheck() throws InterruptedException {
        JournalBatch batch = journal.read();
        if (batch == null) {
            ended = true;
            return null;
        }
        return CompletableFuture.supplyAsync(() -> decoder.process(batch), checks);
    }

    private static LabelBatch await(CompletableFuture<LabelBatch> checked) throws Exception {
        try {
            return checked.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public void update(ExecutionContext executionContext) {
        journal.update(executionContext);
    }

    @Override
    public void close() {
        try {
            journal.close();
        } finally {
            if (checks != null) {
                checks.shutdownNow();
                checks = null;
            }
            ahead = null;
        }
    }
}
