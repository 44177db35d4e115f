package skybatch.jobs.verify.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The gauge {@value #NAME}: DIDs whose handle is not verified yet (never checked, or pending after transient
 * failures). Counting is a scan, so it is done when a verification run starts and ends, not at every scrape.
 */
public class PendingGauge implements JobExecutionListener {

    public static final String NAME = "skybatch.handles.pending";

    private final JdbcTemplate jdbc;
    private final AtomicLong pending = new AtomicLong();

    public PendingGauge(DataSource dataSource, MeterRegistry meters) {
        this.jdbc = new JdbcTemplate(dataSource);
        Gauge.builder(NAME, pending, AtomicLong::get).description("DIDs whose handle is not verified yet")
                .register(meters);
    }

    @Override
    public void beforeJob(JobExecution execution) {
        refresh();
    }

    @Override
    public void afterJob(JobExecution execution) {
        refresh();
    }

    public long refresh() {
        Long count = jdbc.queryForObject("""
                SELECT count(*) FROM skybatch.actor_identity i
                LEFT JOIN skybatch.handle_verification v ON v.did = i.did COLLATE "default"
                WHERE NOT i.tombstoned AND (v.did IS NULL OR v.status = 'pending')""", Long.class);
        pending.set(count == null ? 0 : count);
        return pending.get();
    }
}
