package skybatch.jobs.backfill.internal;

import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import skybatch.jobs.backfill.internal.BackfillItem.Indexed;
import skybatch.jobs.backfill.internal.BackfillItem.RepoDone;
import skybatch.jobs.backfill.internal.BackfillItem.RepoFailed;
import skybatch.writers.backfill.BackfillQueue;
import skybatch.writers.record.ChangeSet;
import skybatch.writers.record.RecordChangeWriter;
import skybatch.writers.record.Recounts;
import skybatch.writers.record.RecordTablesWriter.RepoCommit;

/**
 * Applies a chunk in its transaction through {@link RecordChangeWriter} (records, quarantine, each finished
 * repository's commit in {@code actor_sync}), then each repository's end in the queue, so a repository is done
 * exactly when its last records are committed. On a first load ({@link Recounts#FULL_RECOUNT_FOLLOWS}) the chunks
 * note no counts: the aggregates step recounts the whole tables once.
 */
public class BackfillItemWriter implements ItemWriter<BackfillItem> {

    private final RecordChangeWriter records;
    private final BackfillQueue queue;
    private final Recounts recounts;

    public BackfillItemWriter(RecordChangeWriter records, BackfillQueue queue, Recounts recounts) {
        this.records = records;
        this.queue = queue;
        this.recounts = recounts;
    }

    @Override
    public void write(Chunk<? extends BackfillItem> chunk) throws Exception {
        ChangeSet changes = new ChangeSet();
        List<BackfillQueue.Done> done = new ArrayList<>();
        List<BackfillQueue.Failed> failed = new ArrayList<>();
        for (BackfillItem item : chunk) {
            if (item instanceof Indexed indexed) {
                changes.add(indexed.change());
            } else if (item instanceof RepoDone r) {
                changes.sync(new RepoCommit(r.did(), r.commitCid(), r.rev()));
                done.add(new BackfillQueue.Done(r.did(), r.commitCid(), r.rev(), r.records()));
            } else if (item instanceof RepoFailed r) {
                failed.add(new BackfillQueue.Failed(r.did(), r.status(), r.reason()));
                if (r.quarantine() != null) {
                    changes.quarantine(r.quarantine());
                }
            } else {
                throw new IllegalStateException("not processed: " + item);
            }
        }
        records.write(changes, recounts);
        queue.done(done);
        queue.failed(failed);
    }
}
