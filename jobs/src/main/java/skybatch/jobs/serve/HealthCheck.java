package skybatch.jobs.serve;

import java.sql.Connection;
import java.sql.SQLException;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import skybatch.jobs.SkybatchProperties;
import skybatch.jobs.labels.LabelMonitor;
import skybatch.jobs.labels.LabelerConnection;
import skybatch.jobs.scaleout.PartitionWorker;
import skybatch.schedules.control.SchedulerService;

/**
 * Whether this process can do its work: the database answers, and the scheduler runs ({@code serve}) or the
 * worker takes partitions ({@code worker}).
 */
@Component
public class HealthCheck {

    private static final int VALIDATION_SECONDS = 2;

    private final DataSource dataSource;
    private final SchedulerService scheduler;
    private final ObjectProvider<PartitionWorker> worker;
    private final LabelMonitor labels;
    private final boolean labelers;

    HealthCheck(DataSource dataSource, SchedulerService scheduler, ObjectProvider<PartitionWorker> worker,
            LabelMonitor labels, SkybatchProperties properties) {
        this.dataSource = dataSource;
        this.scheduler = scheduler;
        this.worker = worker;
        this.labels = labels;
        this.labelers = properties.labelers().stream().anyMatch(entry -> !entry.isBlank());
    }

    /**
     * @param status    UP when both are, else DOWN; a worker shows {@code worker} instead of {@code scheduler}
     * @param labelers  with SKYBATCH_LABELERS, on {@code serve}: each labeler's connection and lag (they inform,
     *                  they do not make the status DOWN: a labeler may be away for a while)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Health(String status, boolean database, Boolean scheduler, Boolean worker,
            List<LabelerConnection> labelers) {

        public Health(String status, boolean database, Boolean scheduler, Boolean worker) {
            this(status, database, scheduler, worker, null);
        }
    }

    public Health check() {
        boolean database = databaseReachable();
        PartitionWorker partitions = worker.getIfAvailable();
        if (partitions != null && partitions.started()) {
            boolean taking = partitions.isRunning();
            return new Health(database && taking ? "UP" : "DOWN", database, null, taking);
        }
        boolean running = scheduler.isRunning();
        return new Health(database && running ? "UP" : "DOWN", database, running, null,
                labelers && database ? labels.connections() : null);
    }

    private boolean databaseReachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(VALIDATION_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }
}
