/**
 * From a firing to a Spring Batch run: {@link skybatch.schedules.launch.LaunchBatchJob} is the Quartz job,
 * {@link skybatch.schedules.launch.ScheduledLauncher} starts the job, or restarts the schedule's last run when it
 * failed or stopped, and {@link skybatch.schedules.launch.LaunchParameters} lets the jobs' side add what only it
 * knows (where an incremental import continues).
 */
package skybatch.schedules.launch;
