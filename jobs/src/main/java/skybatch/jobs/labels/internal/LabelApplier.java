package skybatch.jobs.labels.internal;

import java.time.Duration;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import skybatch.jobs.firehose.internal.JournalBatchReader;
import skybatch.writers.firehose.TailPosition;
import skybatch.writers.firehose.TailPositions;
import skybatch.writers.label.LabelWriter;
import skybatch.writers.quarantine.QuarantineRepository;

/**
 * Writes a chunk of a labeler's labels, what it quarantined and its journal position in the chunk's transaction;
 * after the commit, counts it in the labeler's meters and releases the journal hours older than the retention that
 * the position has passed.
 */
public class LabelApplier implements ItemWriter<LabelBatch> {

    private final Labeler labeler;
    private final LabelWriter labels;
    private final QuarantineRepository quarantine;
    private final TailPositions positions;
    private final Duration retention;
    private final LabelMetrics metrics;

    public LabelApplier(Labeler labeler, LabelWriter labels, QuarantineRepository quarantine, TailPositions positions,
            Duration retention, LabelMetrics metrics) {
        this.labeler = labeler;
        this.labels = labels;
        this.quarantine = quarantine;
        this.positions = positions;
        this.retention = retention;
        this.metrics = metrics;
    }

    @Override
    public void write(Chunk<? extends LabelBatch> chunk) {
        for (LabelBatch batch : chunk) {
            if (batch.last() == null) {
                continue; // nothing new: the chunk only let a stop request be seen
            }
            labels.write(batch.labels());
            batch.quarantined().forEach(quarantine::add);
            positions.save(JournalBatchReader.name(labeler.journal()), new TailPosition(batch.last().index(),
                    batch.last().seq(), batch.last().receivedAt()));
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    metrics.committed(batch.labels().size(), batch.quarantined().size(), batch.last().seq(),
                            batch.last().receivedAt());
                    labeler.journal().release(batch.last().index(), retention);
                }
            });
        }
    }
}
