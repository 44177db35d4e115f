/**
 * The scheduler and its triggers: {@link skybatch.schedules.control.TriggerRegistrar} brings the stored triggers
 * in line with the settings (when {@code serve} starts and before each {@code schedules} command),
 * {@link skybatch.schedules.control.SchedulerService} runs the scheduler in
 * {@code serve} and stops it gracefully, {@link skybatch.schedules.control.ScheduleControl} lists, pauses, resumes
 * and fires schedules for the CLI, and {@link skybatch.schedules.control.LiveSchedulers} tells whether a
 * {@code serve} process is there to run a firing.
 */
package skybatch.schedules.control;
