/**
 * Running and inspecting jobs: {@link skybatch.jobs.operations.JobRunner} launches and restarts them in this
 * process and stops them cleanly on SIGTERM/SIGINT; {@link skybatch.jobs.operations.ProcessMarker} records which
 * process runs an execution, so a restart can tell a dead run from a live one;
 * {@link skybatch.jobs.operations.ProgressReporter} shows progress; {@link skybatch.jobs.operations.JobReports}
 * reads executions back from the job repository.
 */
package skybatch.jobs.operations;
