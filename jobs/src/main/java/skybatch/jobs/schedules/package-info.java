/**
 * The application's side of the schedules module: it brings the schedules into the context and supplies what only
 * the jobs know, such as the cursor a scheduled PLC import continues after.
 */
package skybatch.jobs.schedules;
