package skybatch.schedules.control;

import java.util.List;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The running schedulers of the cluster ({@code serve} processes), from the check-ins Quartz records in its
 * scheduler-state table. Quartz has no API for the other members, so the table is read here the way Quartz's
 * cluster manager judges it: an instance is alive until its check-in is a check-in interval plus 7.5 s old.
 */
@Component
public class LiveSchedulers {

    private static final long QUARTZ_GRACE_MILLIS = 7_500;

    private final JdbcTemplate jdbc;
    private final Scheduler scheduler;
    private final String tablePrefix;

    LiveSchedulers(DataSource dataSource, Scheduler scheduler,
            @Value("${spring.quartz.properties.org.quartz.jobStore.tablePrefix}") String tablePrefix) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.scheduler = scheduler;
        this.tablePrefix = tablePrefix;
    }

    /** The instance ids of the schedulers alive now. */
    public List<String> instances() {
        try {
            return jdbc.queryForList("SELECT instance_name FROM " + tablePrefix + "SCHEDULER_STATE"
                    + " WHERE sched_name = ? AND last_checkin_time + checkin_interval + ? > ? ORDER BY instance_name",
                    String.class, scheduler.getSchedulerName(), QUARTZ_GRACE_MILLIS, System.currentTimeMillis());
        } catch (SchedulerException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
