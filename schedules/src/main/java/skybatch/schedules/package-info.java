/**
 * Quartz schedules that launch skybatch's Spring Batch jobs. The triggers live in Quartz's JDBC job store in the
 * application's PostgreSQL (tables {@code skybatch.qrtz_*}, migration V6), clustered, so that several
 * {@code serve} processes share them and each firing runs once. {@link skybatch.schedules.Schedules}
 * collects the {@link skybatch.schedules.Schedule} beans the jobs contribute ({@link skybatch.schedules.ScheduleSettings}
 * reads their settings); {@code launch} turns a firing into a job launch or restart; {@code control} registers the
 * triggers, runs the scheduler and answers the {@code schedules} commands.
 */
package skybatch.schedules;
