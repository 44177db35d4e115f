package skybatch.jobs.serve;

import java.sql.Connection;
import java.sql.SQLException;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import skybatch.jobs.SkybatchProperties;
import skybatch.jobs.firehose.FirehoseLink;
import skybatch.jobs.firehose.FirehoseLink.FirehoseHealth;
import skybatch.jobs.labels.LabelMonitor;
import skybatch.jobs.labels.LabelerConnection;
import skybatch.jobs.scaleout.PartitionWorker;
import skybatch.schedules.control.SchedulerService;

/**
 * Whether this process can do its work: the database answers, and the scheduler runs ({@code serve}) or the
 * worker takes partitions ({@code worker}); where the process runs the firehose ({@code serve} with it enabled,
 * {@code firehose run}), the ingest is connected to the relay, and the tail's lag is shown.
 */
@Component
public class HealthCheck {

    private static final int VALIDATION_SECONDS = 2;

    private final DataSource dataSource;
    private final SchedulerService scheduler;
    private final ObjectProvider<PartitionWorker> worker;
    private final FirehoseLink firehose;
    private final LabelMonitor labels;
    private final boolean labelers;

    HealthCheck(DataSource dataSource, SchedulerService scheduler, ObjectProvider<PartitionWorker> worker,
            FirehoseLink firehose, LabelMonitor labels, SkybatchProperties properties) {
        this.dataSource = dataSource;
        this.scheduler = scheduler;
        this.worker = worker;
        this.firehose = firehose;
        this.labels = labels;
        this.labelers = properties.labelers().stream().anyMatch(entry -> !entry.isBlank());
    }

    /**
     * @param status   UP when all shown are, else DOWN; a worker shows {@code worker} instead of {@code scheduler},
     *                 {@code firehose run} neither
     * @param firehose the relay connection and the tail's lag, where this process runs the firehose
     * @param labelers with SKYBATCH_LABELERS, on {@code serve}: each labeler's connection and lag (they inform,
     *                 they do not make the status DOWN: a labeler may be away for a while)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Health(String status, boolean database, Boolean scheduler, Boolean worker,
            FirehoseHealth firehose, List<LabelerConnection> labelers) {}

    public Health check() {
        boolean database = databaseReachable();
        FirehoseHealth stream = firehose.health().orElse(null);
        boolean connected = stream == null || stream.connected();
        PartitionWorker partitions = worker.getIfAvailable();
        if (partitions != null && partitions.started()) {
            boolean taking = partitions.isRunning();
            return new Health(status(database && taking && connected), database, null, taking, stream, null);
        }
        if (stream != null && firehose.standalone()) {
            // firehose run: the ingest and the tail are its work, not a scheduler
            return new Health(status(database && connected), database, null, null, stream, null);
        }
        boolean running = scheduler.isRunning();
        return new Health(status(database && running && connected), database, running, null, stream,
                labelers && database ? labels.connections() : null);
    }

    private static String status(boolean up) {
        return up ? "UP" : "DOWN";
    }

    private boolean databaseReachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(VALIDATION_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }
}
