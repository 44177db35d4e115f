package skybatch.schedules;

import java.util.Map;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobKey;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/**
 * One schedule: a cron that launches a Spring Batch job by name with fixed parameters. Its Quartz job and trigger
 * are both named after it, in group {@value #GROUP}.
 *
 * @param name the schedule's name, e.g. plc-sync
 * @param job the name of the Spring Batch job it launches
 * @param cron a Quartz cron expression: seconds minutes hours day-of-month month day-of-week
 * @param parameters job parameters every launch gets
 */
public record Schedule(String name, String job, boolean enabled, String cron, Misfire misfire,
        Map<String, String> parameters) {

    public static final String GROUP = "skybatch";

    public Schedule {
        if (!CronExpression.isValidExpression(cron)) {
            throw new IllegalArgumentException("skybatch.schedules." + name + ".cron: '" + cron + "' is not a Quartz "
                    + "cron expression (seconds minutes hours day-of-month month day-of-week, e.g. '0 0 3 * * ?')");
        }
        parameters = Map.copyOf(parameters);
    }

    public JobKey jobKey() {
        return JobKey.jobKey(name, GROUP);
    }

    public TriggerKey triggerKey() {
        return TriggerKey.triggerKey(name, GROUP);
    }

    /** Its cron trigger, in the JVM's time zone, starting now. */
    public CronTrigger trigger() {
        return TriggerBuilder.newTrigger().withIdentity(triggerKey()).forJob(jobKey())
                .withSchedule(misfire.applyTo(CronScheduleBuilder.cronSchedule(cron))).build();
    }
}
