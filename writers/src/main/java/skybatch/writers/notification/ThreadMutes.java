package skybatch.writers.notification;

import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import skybatch.writers.support.SqlIdentifier;

/**
 * {@code thread_mute}: the threads accounts muted (the app-view's API writes them, no repository holds them), which
 * keep the notifications about their posts away from those accounts ({@link NotificationWriter}).
 */
public final class ThreadMutes {

    private final JdbcTemplate jdbc;
    private final String any;

    public ThreadMutes(DataSource dataSource, String dataplaneSchema) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.any = "SELECT EXISTS (SELECT 1 FROM " + SqlIdentifier.requirePlain(dataplaneSchema, "dataplane schema")
                + ".thread_mute)";
    }

    /** Whether any account muted any thread, in the caller's transaction. */
    public boolean any() {
        return Boolean.TRUE.equals(jdbc.queryForObject(any, Boolean.class));
    }
}
