package skybatch.schedules.launch;

import java.util.HashMap;
import java.util.Map;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import skybatch.schedules.Schedule;

/**
 * The Quartz job of every schedule: it only launches the schedule's Spring Batch job (see
 * {@link ScheduledLauncher}). Its data, plain strings, are the batch job's name and the schedule's parameters.
 * One schedule never runs twice at once, in the whole cluster: a firing due while the last still runs waits for
 * it, and one that waited past Quartz's misfire threshold (a minute) follows the schedule's {@code Misfire} policy.
 */
@DisallowConcurrentExecution
public class LaunchBatchJob implements Job {

    private static final String JOB = "job";
    private static final String PARAMETER = "parameter.";

    private final ScheduledLauncher launcher;

    public LaunchBatchJob(ScheduledLauncher launcher) {
        this.launcher = launcher;
    }

    /** The Quartz job of a schedule. */
    public static JobDetail of(Schedule schedule) {
        JobDataMap data = new JobDataMap();
        data.put(JOB, schedule.job());
        schedule.parameters().forEach((name, value) -> data.put(PARAMETER + name, value));
        return JobBuilder.newJob(LaunchBatchJob.class).withIdentity(schedule.jobKey())
                .withDescription("launches " + schedule.job()).usingJobData(data).storeDurably().build();
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        JobDataMap data = context.getMergedJobDataMap();
        Map<String, String> parameters = new HashMap<>();
        for (String key : data.getKeys()) {
            if (key.startsWith(PARAMETER)) {
                parameters.put(key.substring(PARAMETER.length()), data.getString(key));
            }
        }
        Launch launch = new Launch(context.getJobDetail().getKey().getName(), data.getString(JOB), parameters,
                context.getScheduledFireTime().toInstant());
        try {
            launcher.launch(launch);
        } catch (Exception e) {
            throw new JobExecutionException("schedule " + launch.schedule() + ": launching " + launch.job()
                    + " failed", e);
        }
    }
}
