package skybatch.jobs.labels.internal;

import java.util.List;
import skybatch.readers.firehose.JournalEntry;
import skybatch.writers.label.LabelRow;
import skybatch.writers.quarantine.QuarantinedInput;

/**
 * What one chunk of a labeler's journal applies: the labels that passed their checks, in journal order, what is
 * quarantined, the last entry (the position to commit) and how many entries it took; {@code last} is null when the
 * journal had nothing new.
 */
public record LabelBatch(List<LabelRow> labels, List<QuarantinedInput> quarantined, JournalEntry last, int entries) {

    public LabelBatch {
        labels = List.copyOf(labels);
        quarantined = List.copyOf(quarantined);
    }
}
