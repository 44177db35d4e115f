package skybatch.jobs.dashboard.internal;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.Optional;
import skybatch.jobs.operations.FailureReason;
import skybatch.jobs.operations.JobReports.ExecutionReport;
import skybatch.jobs.operations.JobReports.StepReport;

/**
 * An execution as the dashboard lists it: its items (what its steps read) and items per second over its duration.
 * A partition's manager step adds up its workers' counts only when they are done, so the items are the larger of
 * the manager and other steps' reads and the workers' reads: the workers' while they run, everything's after.
 */
public record ExecutionSummary(ExecutionReport execution, long items, Long itemsPerSecond, String duration) {

    /** Spring Batch names a partition's worker steps {@code <step>:partition<N>}. */
    private static final String WORKER_STEP = ":partition";

    public static ExecutionSummary of(ExecutionReport execution) {
        long workers = execution.steps().stream().filter(step -> step.name().contains(WORKER_STEP))
                .mapToLong(StepReport::read).sum();
        long others = execution.steps().stream().filter(step -> !step.name().contains(WORKER_STEP))
                .mapToLong(StepReport::read).sum();
        long items = Math.max(workers, others);
        Duration took = execution.start() == null ? null
                : Duration.between(execution.start(), execution.end() == null ? LocalDateTime.now() : execution.end());
        Long rate = took == null ? null : items * 1000 / Math.max(1, took.toMillis());
        return new ExecutionSummary(execution, items, rate, took == null ? "" : duration(took));
    }

    static String duration(Duration took) {
        long seconds = took.toSeconds();
        if (seconds < 60) {
            return took.toMillis() < 10_000 ? String.format("%.1f s", took.toMillis() / 1000.0) : seconds + " s";
        }
        return seconds < 3600 ? String.format("%d min %02d s", seconds / 60, seconds % 60)
                : String.format("%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }

    /** The status's CSS class: completed, failed, running, stopped or other. */
    public String statusClass() {
        return switch (execution.status()) {
            case "COMPLETED" -> "completed";
            case "FAILED", "UNKNOWN" -> "failed";
            case "STARTING", "STARTED", "STOPPING" -> "running";
            case "STOPPED" -> "stopped";
            default -> "other";
        };
    }

    /** FAILED and STOPPED executions continue with {@code jobs restart}. */
    public boolean restartable() {
        return switch (execution.status()) {
            case "FAILED", "STOPPED" -> true;
            default -> false;
        };
    }

    /**
     * Why it failed, in one line (see {@link FailureReason}): the first failed step's reason, a partition's workers
     * before their manager (whose own reason is only that a worker failed), else the job's; empty when it did not.
     */
    public String reason() {
        if ("COMPLETED".equals(execution.status())) {
            return "";
        }
        return execution.steps().stream().filter(step -> "FAILED".equals(step.status()))
                .sorted(Comparator.comparing((StepReport step) -> !step.name().contains(WORKER_STEP)))
                .map(step -> FailureReason.of(step.exitDescription())).flatMap(Optional::stream).findFirst()
                .or(() -> FailureReason.of(execution.exitDescription())).orElse("");
    }

    public boolean running() {
        return statusClass().equals("running");
    }
}
