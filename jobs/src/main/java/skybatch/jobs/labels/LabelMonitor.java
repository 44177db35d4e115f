package skybatch.jobs.labels;

import java.util.List;
import javax.sql.DataSource;
import skybatch.jobs.SkybatchProperties;
import skybatch.jobs.labels.internal.Labelers;
import skybatch.jobs.firehose.internal.JournalBatchReader;
import skybatch.readers.firehose.Journal;
import skybatch.readers.firehose.ingest.IngestStatus;
import skybatch.writers.firehose.TailPosition;
import skybatch.writers.firehose.TailPositions;
import skybatch.writers.label.LabelCounts;

/** The state of every labeler followed, for {@code labels status}: read from the journals and the tables only. */
public class LabelMonitor {

    private final Labelers labelers;
    private final TailPositions positions;
    private final LabelCounts counts;

    public LabelMonitor(Labelers labelers, TailPositions positions, DataSource dataSource,
            SkybatchProperties properties) {
        this.labelers = labelers;
        this.positions = positions;
        this.counts = new LabelCounts(dataSource, properties.dataplaneSchema());
    }

    /**
     * Each labeler's connection and lag, cheaply (no counts of the label table): for {@code /health}. The journal
     * is the one this process holds open.
     */
    public List<LabelerConnection> connections() {
        return labelers.dids().stream().map(did -> {
            try {
                Journal journal = labelers.get(did).journal();
                Long received = journal.lastSeq().isPresent() ? journal.lastSeq().getAsLong() : null;
                Long applied = positions.find(JournalBatchReader.name(journal)).map(TailPosition::seq).orElse(null);
                boolean connected = IngestStatus.read(journal.dir()).map(IngestStatus::connected).orElse(false);
                return new LabelerConnection(did.value(), connected, received, applied,
                        received == null ? 0 : received - (applied == null ? 0 : applied), null);
            } catch (RuntimeException e) {
                return new LabelerConnection(did.value(), false, null, null, 0, e.getMessage());
            }
        }).toList();
    }

    public List<LabelerStatus> status() {
        return labelers.dids().stream().map(did -> {
            try (Journal journal = Journal.open(labelers.journalDirectory(did))) {
                return LabelerStatus.of(did.value(), journal, positions, counts);
            }
        }).toList();
    }
}
