package skybatch.writers.partition;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code skybatch.partition_heartbeat}: which worker process runs a remote partition, and when it last said so. A
 * worker claims a partition, beats while its step runs and releases it when the step ends; the manager asks which
 * of its partitions' workers went quiet. Times are the database's, so no machine's clock matters.
 */
public class PartitionHeartbeats {

    private final JdbcTemplate jdbc;

    public PartitionHeartbeats(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** A partition's worker, and how long ago it last beat. */
    public record Beat(long stepExecutionId, String host, long pid, Duration silentFor) {

        public String worker() {
            return "pid " + pid + " on " + host;
        }
    }

    /** Claims a partition for this worker; false when another worker has claimed it already. */
    public boolean claim(long stepExecutionId, long jobExecutionId, String host, long pid) {
        return jdbc.update("""
                INSERT INTO skybatch.partition_heartbeat (step_execution_id, job_execution_id, worker_host, worker_pid)
                VALUES (?, ?, ?, ?) ON CONFLICT (step_execution_id) DO NOTHING
                """, stepExecutionId, jobExecutionId, host, pid) == 1;
    }

    public void beat(Collection<Long> stepExecutionIds) {
        if (stepExecutionIds.isEmpty()) {
            return;
        }
        jdbc.update(connection -> {
            var update = connection.prepareStatement(
                    "UPDATE skybatch.partition_heartbeat SET beat_at = now() WHERE step_execution_id = ANY(?)");
            update.setArray(1, connection.createArrayOf("bigint", stepExecutionIds.toArray()));
            return update;
        });
    }

    public void release(long stepExecutionId) {
        jdbc.update("DELETE FROM skybatch.partition_heartbeat WHERE step_execution_id = ?", stepExecutionId);
    }

    /** The claimed partitions of a job execution, with their workers and how long each has been silent. */
    public List<Beat> of(long jobExecutionId) {
        return jdbc.query("""
                SELECT step_execution_id, worker_host, worker_pid,
                       (extract(epoch FROM now() - beat_at) * 1000)::bigint
                FROM skybatch.partition_heartbeat WHERE job_execution_id = ? ORDER BY step_execution_id
                """, (rs, i) -> new Beat(rs.getLong(1), rs.getString(2), rs.getLong(3),
                Duration.ofMillis(Math.max(0, rs.getLong(4)))), jobExecutionId);
    }
}
