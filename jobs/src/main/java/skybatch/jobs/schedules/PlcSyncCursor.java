package skybatch.jobs.schedules;

import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import skybatch.jobs.plc.PlcImportJobConfiguration;
import skybatch.schedules.launch.LaunchParameters;

/**
 * Where a scheduled PLC import continues: after the last cursor that the latest COMPLETED import of the same
 * directory URL read, scheduled or not (so a first {@code import-plc --source <url>} by hand seeds the schedule).
 * With none, the import starts at the beginning of the export.
 */
@Component
class PlcSyncCursor implements LaunchParameters {

    /** The step execution context key where PlcExportPageReader keeps the cursor after its last operation. */
    static final String LAST_CURSOR = "plc.page.last-cursor";

    private final JdbcTemplate jdbc;
    private final JobRepository jobRepository;

    PlcSyncCursor(DataSource dataSource, JobRepository jobRepository) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jobRepository = jobRepository;
    }

    @Override
    public JobParameters forNewRun(String job, JobParameters scheduled) {
        String source = scheduled.getString(PlcImportJobConfiguration.SOURCE);
        if (!PlcImportJobConfiguration.JOB_NAME.equals(job) || source == null) {
            return new JobParameters();
        }
        return lastCursor(source)
                .map(cursor -> new JobParametersBuilder().addString(PlcImportJobConfiguration.AFTER, cursor)
                        .toJobParameters())
                .orElseGet(JobParameters::new);
    }

    Optional<String> lastCursor(String source) {
        Long executionId = jdbc.queryForObject("""
                SELECT max(e.job_execution_id)
                FROM skybatch.batch_job_execution e
                JOIN skybatch.batch_job_instance i USING (job_instance_id)
                JOIN skybatch.batch_job_execution_params p USING (job_execution_id)
                WHERE i.job_name = ? AND e.status = 'COMPLETED' AND p.parameter_name = ? AND p.parameter_value = ?
                """, Long.class, PlcImportJobConfiguration.JOB_NAME, PlcImportJobConfiguration.SOURCE, source);
        if (executionId == null) {
            return Optional.empty();
        }
        return jobRepository.getJobExecution(executionId).getStepExecutions().stream()
                .map(StepExecution::getExecutionContext)
                .map(context -> context.containsKey(LAST_CURSOR) ? context.getString(LAST_CURSOR) : null)
                .filter(Objects::nonNull)
                .findFirst();
    }
}
