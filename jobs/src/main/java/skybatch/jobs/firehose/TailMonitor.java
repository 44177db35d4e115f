package skybatch.jobs.firehose;

import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import skybatch.readers.firehose.Journal;
import skybatch.writers.firehose.ParkedEvents;
import skybatch.writers.firehose.RepoStates;
import skybatch.writers.firehose.TailPositions;

/** Reports the firehose's {@link TailStatus}, for {@code firehose status} and {@code /health}. */
public class TailMonitor {

    private final String relay;
    private final ObjectProvider<Journal> journal;
    private final TailPositions positions;
    private final RepoStates repos;
    private final ParkedEvents parked;

    public TailMonitor(String relay, ObjectProvider<Journal> journal, TailPositions positions, DataSource dataSource,
            String dataplaneSchema) {
        this.relay = relay;
        this.journal = journal;
        this.positions = positions;
        this.repos = new RepoStates(dataSource, dataplaneSchema);
        this.parked = new ParkedEvents(dataSource, dataplaneSchema);
    }

    public TailStatus status() {
        return TailStatus.of(relay, journal.getObject(), positions, repos, parked);
    }
}
