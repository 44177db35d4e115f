package skybatch.jobs.backfill.internal;

import org.springframework.batch.infrastructure.item.ItemProcessor;
import skybatch.jobs.backfill.internal.BackfillItem.Change;
import skybatch.jobs.backfill.internal.BackfillItem.Indexed;
import skybatch.readers.syntax.AtUri;
import skybatch.readers.syntax.Did;
import skybatch.writers.record.RecordChange;
import skybatch.writers.record.RecordIndexer;

/**
 * Indexes each record change with {@link RecordIndexer}; a rejected record is quarantined with its repository
 * ({@code at://did}) as source and its path as position. The repositories' ends pass through.
 */
public class RecordIndexingProcessor implements ItemProcessor<BackfillItem, BackfillItem> {

    private final RecordIndexer indexer;

    public RecordIndexingProcessor(RecordIndexer indexer) {
        this.indexer = indexer;
    }

    @Override
    public BackfillItem process(BackfillItem item) {
        if (!(item instanceof Change c)) {
            return item;
        }
        RecordChange change = c.change();
        return new Indexed(indexer.index(change, AtUri.repository(Did.parse(change.did())).toString(), change.path()));
    }
}
