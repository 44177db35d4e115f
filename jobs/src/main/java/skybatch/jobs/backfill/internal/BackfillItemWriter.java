package skybatch.jobs.backfill.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import skybatch.jobs.backfill.internal.BackfillItem.Indexed;
import skybatch.jobs.backfill.internal.BackfillItem.RepoDone;
import skybatch.jobs.backfill.internal.BackfillItem.RepoFailed;
import skybatch.readers.syntax.AtUri;
import skybatch.readers.syntax.Did;
import skybatch.writers.backfill.BackfillQueue;
import skybatch.writers.quarantine.QuarantinedInput;
import skybatch.writers.record.ChangeSet;
import skybatch.writers.record.IndexedChange;
import skybatch.writers.record.RecordChangeWriter;
import skybatch.writers.record.Recounts;
import skybatch.writers.record.RecordTablesWriter.RepoCommit;

/**
 * Applies a chunk in its transaction through {@link RecordChangeWriter} (records, quarantine, each finished
 * repository's commit in {@code actor_sync}), then each repository's end in the queue, so a repository is done
 * exactly when its last records are committed. On a first load ({@link Recounts#FULL_RECOUNT_FOLLOWS}) the chunks
 * note no counts: the aggregates step recounts the whole tables once. A repository holds each record once, so a
 * second change of one URI in a chunk is bad input: it is quarantined, and the first applied (a {@link ChangeSet}
 * alone would apply the last, as a firehose's later commit should).
 */
public class BackfillItemWriter implements ItemWriter<BackfillItem> {

    private final RecordChangeWriter records;
    private final BackfillQueue queue;
    private final Recounts recounts;
    private final Long jobExecutionId;

    /** @param jobExecutionId the run that quarantines a record that comes twice */
    public BackfillItemWriter(RecordChangeWriter records, BackfillQueue queue, Recounts recounts,
            Long jobExecutionId) {
        this.records = records;
        this.queue = queue;
        this.recounts = recounts;
        this.jobExecutionId = jobExecutionId;
    }

    @Override
    public void write(Chunk<? extends BackfillItem> chunk) throws Exception {
        ChangeSet changes = new ChangeSet();
        List<BackfillQueue.Done> done = new ArrayList<>();
        List<BackfillQueue.Failed> failed = new ArrayList<>();
        Set<String> uris = new HashSet<>();
        for (BackfillItem item : chunk) {
            if (item instanceof Indexed indexed) {
                if (uris.add(indexed.change().uri())) {
                    changes.add(indexed.change());
                } else {
                    changes.quarantine(duplicate(indexed.change()));
                }
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

    private QuarantinedInput duplicate(IndexedChange change) {
        AtUri uri = AtUri.parse(change.uri());
        String raw = change instanceof IndexedChange.Indexed put ? put.record().record().json() : null;
        // as the indexer quarantines a record: its repository as source, its path as position
        return new QuarantinedInput(jobExecutionId, AtUri.repository(Did.parse(uri.authority())).toString(),
                uri.path(), uri.authority(),
                "duplicate record: " + change.uri() + " comes twice in one chunk; the first is kept", raw);
    }
}
