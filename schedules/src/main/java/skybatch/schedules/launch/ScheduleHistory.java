package skybatch.schedules.launch;

import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The last run a schedule launched, from the job repository. The repository's API finds instances only by all
 * their identifying parameters, so the one query that matters here is asked directly of its tables.
 */
@Component
class ScheduleHistory {

    private final JdbcTemplate jdbc;
    private final JobRepository jobRepository;
    private final String tablePrefix;

    ScheduleHistory(DataSource dataSource, JobRepository jobRepository,
            @Value("${spring.batch.jdbc.table-prefix:BATCH_}") String tablePrefix) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jobRepository = jobRepository;
        this.tablePrefix = tablePrefix;
    }

    /** The newest execution of {@code job} launched by {@code schedule}, restarts included. */
    Optional<JobExecution> lastExecution(String job, String schedule) {
        Long id = jdbc.queryForObject("""
                SELECT max(e.job_execution_id)
                FROM %1$sJOB_EXECUTION e
                JOIN %1$sJOB_INSTANCE i ON i.job_instance_id = e.job_instance_id
                JOIN %1$sJOB_EXECUTION_PARAMS p ON p.job_execution_id = e.job_execution_id
                WHERE i.job_name = ? AND p.parameter_name = ? AND p.parameter_value = ?
                """.formatted(tablePrefix), Long.class, job, ScheduledLauncher.SCHEDULE, schedule);
        return Optional.ofNullable(id).map(jobRepository::getJobExecution);
    }
}
