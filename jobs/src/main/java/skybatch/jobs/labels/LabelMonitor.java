package skybatch.jobs.labels;

import java.util.List;
import javax.sql.DataSource;
import skybatch.jobs.SkybatchProperties;
import skybatch.jobs.labels.internal.Labelers;
import skybatch.readers.firehose.Journal;
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

    public List<LabelerStatus> status() {
        return labelers.dids().stream().map(did -> {
            try (Journal journal = Journal.open(labelers.journalDirectory(did))) {
                return LabelerStatus.of(did.value(), journal, positions, counts);
            }
        }).toList();
    }
}
