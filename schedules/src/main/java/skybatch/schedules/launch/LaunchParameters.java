package skybatch.schedules.launch;

import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * Job parameters that only the job's own side can work out when a schedule starts a new run, such as the cursor
 * an incremental import continues after. The application supplies implementations as beans; restarts never ask
 * them (a restart keeps its instance's parameters).
 */
@FunctionalInterface
public interface LaunchParameters {

    /** @return parameters to add to a new run of {@code job}; empty for a job this one knows nothing about */
    JobParameters forNewRun(String job, JobParameters scheduled);
}
