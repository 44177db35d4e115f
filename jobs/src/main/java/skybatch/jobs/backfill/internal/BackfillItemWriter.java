package skybatch.jobs.backfill.internal;

import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import skybatch.jobs.backfill.internal.BackfillItem.RecordGone;
import skybatch.jobs.backfill.internal.BackfillItem.RecordIndexed;
import skybatch.jobs.backfill.internal.BackfillItem.RecordRejected;
import skybatch.jobs.backfill.internal.BackfillItem.RepoDone;
import skybatch.jobs.backfill.internal.BackfillItem.RepoFailed;
import skybatch.writers.backfill.BackfillQueue;
import skybatch.writers.quarantine.QuarantineRepository;
import skybatch.writers.quarantine.QuarantinedInput;
import skybatch.writers.record.IndexedRecord;
import skybatch.writers.record.RecordTablesWriter;
import skybatch.writers.record.RecordTablesWriter.RepoCommit;

/**
 * Applies a chunk in its transaction: removes gone and replaced records, indexes the new ones, quarantines the
 * rejected, then records each finished repository's commit in {@code actor_sync} and its end in the queue, so a
 * repository is done exactly when its last records are committed.
 */
public class BackfillItemWriter implements ItemWriter<BackfillItem> {

    private final RecordTablesWriter tables;
    private final BackfillQueue queue;
    private final QuarantineRepository quarantine;

    public BackfillItemWriter(RecordTablesWriter tables, BackfillQueue queue, QuarantineRepository quarantine) {
        this.tables = tables;
        this.queue = queue;
        this.quarantine = quarantine;
    }

    @Override
    public void write(Chunk<? extends BackfillItem> chunk) throws Exception {
        List<String> removed = new ArrayList<>();
        List<IndexedRecord> indexed = new ArrayList<>();
        List<QuarantinedInput> rejected = new ArrayList<>();
        List<RepoCommit> commits = new ArrayList<>();
        List<BackfillQueue.Done> done = new ArrayList<>();
        List<BackfillQueue.Failed> failed = new ArrayList<>();
        for (BackfillItem item : chunk) {
            if (item instanceof RecordIndexed r) {
                if (r.replaces()) {
                    removed.add(r.record().uri());
                }
                indexed.add(r.record());
            } else if (item instanceof RecordRejected r) {
                if (r.replaces()) {
                    removed.add(r.uri());
                }
                rejected.add(r.quarantine());
            } else if (item instanceof RecordGone r) {
                removed.add(r.uri());
            } else if (item instanceof RepoDone r) {
                commits.add(new RepoCommit(r.did(), r.commitCid(), r.rev()));
                done.add(new BackfillQueue.Done(r.did(), r.commitCid(), r.rev(), r.records()));
            } else if (item instanceof RepoFailed r) {
                failed.add(new BackfillQueue.Failed(r.did(), r.status(), r.reason()));
                if (r.quarantine() != null) {
                    rejected.add(r.quarantine());
                }
            } else {
                throw new IllegalStateException("not processed: " + item);
            }
        }
        tables.write(removed, indexed);
        rejected.forEach(quarantine::add);
        tables.sync(commits);
        queue.done(done);
        queue.failed(failed);
    }
}
