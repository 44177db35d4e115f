package skybatch.jobs.serve;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;
import skybatch.schedules.control.SchedulerService;

/** Whether this process can do its work: the database answers and the scheduler runs. */
@Component
public class HealthCheck {

    private static final int VALIDATION_SECONDS = 2;

    private final DataSource dataSource;
    private final SchedulerService scheduler;

    HealthCheck(DataSource dataSource, SchedulerService scheduler) {
        this.dataSource = dataSource;
        this.scheduler = scheduler;
    }

    /** @param status UP when both are, else DOWN */
    public record Health(String status, boolean database, boolean scheduler) {}

    public Health check() {
        boolean database = databaseReachable();
        boolean running = scheduler.isRunning();
        return new Health(database && running ? "UP" : "DOWN", database, running);
    }

    private boolean databaseReachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(VALIDATION_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }
}
