package skybatch.schedules.control;

import java.util.Objects;
import java.util.Set;
import org.quartz.CronTrigger;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import skybatch.schedules.Schedule;
import skybatch.schedules.Schedules;
import skybatch.schedules.launch.LaunchBatchJob;

/**
 * Makes the stored triggers those of the settings: adds a missing one, replaces one whose cron, misfire policy or
 * job changed (keeping it paused if it was), removes one turned off or no longer known. An unchanged trigger is
 * left alone, with its pause state and fire times. {@code serve} does it as it starts, and the {@code schedules}
 * commands before they look; other commands leave the shared triggers alone.
 */
@Component
class TriggerRegistrar {

    private static final Logger log = LoggerFactory.getLogger(TriggerRegistrar.class);

    private final Scheduler scheduler;
    private final Schedules schedules;
    private final QuartzTransactions transactions;

    TriggerRegistrar(Scheduler scheduler, Schedules schedules, QuartzTransactions transactions) {
        this.scheduler = scheduler;
        this.schedules = schedules;
        this.transactions = transactions;
    }

    void registerAll() {
        for (Schedule schedule : schedules.all()) {
            if (schedule.enabled()) {
                register(schedule);
            } else {
                remove(schedule.jobKey(), "turned off");
            }
        }
        Set<JobKey> stored = transactions.run(() -> scheduler.getJobKeys(GroupMatcher.jobGroupEquals(Schedule.GROUP)));
        for (JobKey key : stored) {
            if (schedules.named(key.getName()).isEmpty()) {
                remove(key, "no longer a schedule");
            }
        }
    }

    /** Stores the schedule's job and trigger unless they are stored as they are. */
    private void register(Schedule schedule) {
        JobDetail job = LaunchBatchJob.of(schedule);
        CronTrigger trigger = schedule.trigger();
        transactions.run(() -> {
            Trigger stored = scheduler.getTrigger(schedule.triggerKey());
            JobDetail storedJob = scheduler.getJobDetail(schedule.jobKey());
            if (sameTrigger(stored, trigger) && storedJob != null
                    && storedJob.getJobDataMap().equals(job.getJobDataMap())) {
                return null;
            }
            boolean paused = stored != null
                    && scheduler.getTriggerState(stored.getKey()) == Trigger.TriggerState.PAUSED;
            // replacing: two processes starting together both store the same thing, one after the other
            scheduler.scheduleJob(job, Set.of(trigger), true);
            if (paused) {
                scheduler.pauseJob(schedule.jobKey());
            }
            log.info("schedule {}: {} at '{}'{}", schedule.name(), schedule.job(), schedule.cron(),
                    paused ? " (paused)" : "");
            return null;
        });
    }

    private static boolean sameTrigger(Trigger stored, CronTrigger wanted) {
        return stored instanceof CronTrigger cron && cron.getCronExpression().equals(wanted.getCronExpression())
                && cron.getMisfireInstruction() == wanted.getMisfireInstruction()
                && Objects.equals(cron.getTimeZone(), wanted.getTimeZone());
    }

    private void remove(JobKey key, String why) {
        boolean removed = transactions.run(() -> scheduler.deleteJob(key));
        if (removed) {
            log.info("schedule {}: removed ({})", key.getName(), why);
        }
    }
}
