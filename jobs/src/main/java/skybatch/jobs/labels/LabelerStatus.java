package skybatch.jobs.labels;

import java.util.Map;
import java.util.Optional;
import skybatch.jobs.firehose.internal.JournalBatchReader;
import skybatch.readers.firehose.Journal;
import skybatch.readers.firehose.ingest.IngestStatus;
import skybatch.writers.firehose.TailPosition;
import skybatch.writers.firehose.TailPositions;
import skybatch.writers.label.LabelCounts;

/**
 * One labeler as {@code labels status} shows it.
 *
 * @param labeler     its DID
 * @param journal     its journal's directory
 * @param journalBytes the journal's files
 * @param receivedSeq the last seq journalled, or null
 * @param appliedSeq  the seq of the last entry the tail committed, or null
 * @param lagSeqs     received less applied seq (a labeler's seqs are consecutive, so about the messages behind)
 * @param connected   whether its ingest (in whatever process) last said it was connected
 * @param rejected    messages its ingest did not journal, by reason
 * @param labels      its rows in the label table in effect
 * @param negated     its rows that a negation turned off
 */
public record LabelerStatus(String labeler, String journal, long journalBytes, Long receivedSeq, Long appliedSeq,
        long lagSeqs, boolean connected, Map<String, Long> rejected, long labels, long negated) {

    static LabelerStatus of(String labeler, Journal journal, TailPositions positions, LabelCounts counts) {
        Long received = journal.lastSeq().isPresent() ? journal.lastSeq().getAsLong() : null;
        Long applied = positions.find(JournalBatchReader.name(journal)).map(TailPosition::seq).orElse(null);
        Optional<IngestStatus> ingest = IngestStatus.read(journal.dir());
        long[] rows = counts.of(labeler);
        return new LabelerStatus(labeler, JournalBatchReader.name(journal), journal.sizeBytes(), received, applied,
                received == null ? 0 : received - (applied == null ? 0 : applied),
                ingest.map(IngestStatus::connected).orElse(false),
                ingest.map(IngestStatus::rejected).orElse(Map.of()), rows[0], rows[1]);
    }
}
