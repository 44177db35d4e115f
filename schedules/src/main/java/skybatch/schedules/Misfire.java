package skybatch.schedules;

import org.quartz.CronScheduleBuilder;

/** What a trigger does about firings it missed while no scheduler ran (downtime, a long pause). */
public enum Misfire {

    /** Fire once as soon as a scheduler runs again, however many firings were missed, then keep to the cron. */
    FIRE_ONCE_NOW,

    /** Skip what was missed and wait for the next time the cron gives. */
    SKIP;

    CronScheduleBuilder applyTo(CronScheduleBuilder schedule) {
        return this == FIRE_ONCE_NOW ? schedule.withMisfireHandlingInstructionFireAndProceed()
                : schedule.withMisfireHandlingInstructionDoNothing();
    }
}
