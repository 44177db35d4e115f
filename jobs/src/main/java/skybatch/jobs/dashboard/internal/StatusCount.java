package skybatch.jobs.dashboard.internal;

/** How many rows have one status, or one reason. */
public record StatusCount(String status, long count) {}
