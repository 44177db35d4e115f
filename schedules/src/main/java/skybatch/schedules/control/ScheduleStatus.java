package skybatch.schedules.control;

import java.time.Instant;

/**
 * A schedule as {@code schedules list} shows it.
 *
 * @param cron the stored trigger's cron; the configured one when turned off
 * @param state Quartz's trigger state (NORMAL, PAUSED, BLOCKED while it runs, ...); OFF when turned off, NONE
 *     when not stored
 * @param next the next fire time, or null
 * @param previous the last fire time of the stored trigger, or null
 */
public record ScheduleStatus(String name, String job, String cron, boolean enabled, String state, Instant next,
        Instant previous) {}
