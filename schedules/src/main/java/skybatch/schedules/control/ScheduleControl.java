package skybatch.schedules.control;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.quartz.CronTrigger;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.stereotype.Component;
import skybatch.schedules.Schedule;
import skybatch.schedules.Schedules;
import skybatch.schedules.launch.Launch;
import skybatch.schedules.launch.ScheduledLauncher;

/**
 * What the {@code schedules} commands do: list, pause, resume, and fire a schedule once now. Each first brings
 * the stored triggers in line with the settings, as {@code serve} does when it starts.
 */
@Component
public class ScheduleControl {

    private final Scheduler scheduler;
    private final Schedules schedules;
    private final TriggerRegistrar registrar;
    private final QuartzTransactions transactions;
    private final LiveSchedulers liveSchedulers;
    private final ScheduledLauncher launcher;

    ScheduleControl(Scheduler scheduler, Schedules schedules, TriggerRegistrar registrar,
            QuartzTransactions transactions, LiveSchedulers liveSchedulers, ScheduledLauncher launcher) {
        this.scheduler = scheduler;
        this.schedules = schedules;
        this.registrar = registrar;
        this.transactions = transactions;
        this.liveSchedulers = liveSchedulers;
        this.launcher = launcher;
    }

    public List<ScheduleStatus> list() {
        registrar.registerAll();
        return schedules.all().stream().map(this::status).toList();
    }

    private ScheduleStatus status(Schedule schedule) {
        if (!schedule.enabled()) {
            return new ScheduleStatus(schedule.name(), schedule.job(), schedule.cron(), false, "OFF", null, null);
        }
        return transactions.run(() -> {
            Trigger trigger = scheduler.getTrigger(schedule.triggerKey());
            if (trigger == null) {
                return new ScheduleStatus(schedule.name(), schedule.job(), schedule.cron(), true, "NONE", null, null);
            }
            String cron = trigger instanceof CronTrigger c ? c.getCronExpression() : schedule.cron();
            return new ScheduleStatus(schedule.name(), schedule.job(), cron, true,
                    scheduler.getTriggerState(trigger.getKey()).name(), instant(trigger.getNextFireTime()),
                    instant(trigger.getPreviousFireTime()));
        });
    }

    public void pause(String name) {
        Schedule schedule = registered(name);
        transactions.run(() -> {
            scheduler.pauseJob(schedule.jobKey());
            return null;
        });
    }

    public void resume(String name) {
        Schedule schedule = registered(name);
        transactions.run(() -> {
            scheduler.resumeJob(schedule.jobKey());
            return null;
        });
    }

    /**
     * Fires the schedule once now, through the job store, when a {@code serve} process is there to run it.
     *
     * @return the instances of the live schedulers; empty: nothing was fired
     */
    public List<String> fireInServe(String name) {
        Schedule schedule = registered(name);
        List<String> live = liveSchedulers.instances();
        if (!live.isEmpty()) {
            transactions.run(() -> {
                scheduler.triggerJob(schedule.jobKey());
                return null;
            });
        }
        return live;
    }

    /** Runs the schedule's launch in this process, now, to its end; empty when nothing was run. */
    public Optional<JobExecution> runHere(String name) throws Exception {
        Schedule schedule = registered(name);
        return launcher.launch(new Launch(schedule.name(), schedule.job(), schedule.parameters(), Instant.now()));
    }

    private Schedule registered(String name) {
        registrar.registerAll();
        Schedule schedule = schedules.named(name).orElseThrow(() -> new IllegalArgumentException(
                "there is no schedule '" + name + "'; the schedules are "
                        + schedules.all().stream().map(Schedule::name).toList()));
        if (!schedule.enabled()) {
            throw new IllegalArgumentException("schedule " + name + " is turned off (skybatch.schedules." + name
                    + ".enabled=false)");
        }
        return schedule;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
