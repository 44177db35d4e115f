package skybatch.jobs.firehose.internal;

import java.util.List;
import skybatch.readers.firehose.JournalEntry;

/**
 * The journal entries one chunk applies, in journal order; empty when the journal had nothing new for a while
 * (the chunk then only lets a stop request be seen).
 */
public record JournalBatch(List<JournalEntry> entries) {

    public JournalBatch {
        entries = List.copyOf(entries);
    }
}
