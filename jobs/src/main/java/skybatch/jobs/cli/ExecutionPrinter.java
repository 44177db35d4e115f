package skybatch.jobs.cli;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import skybatch.jobs.operations.FailureReason;
import skybatch.jobs.operations.JobReports.ExecutionReport;
import skybatch.jobs.operations.JobReports.StepReport;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Prints executions as aligned text for people or as JSON for scripts. */
final class ExecutionPrinter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ExecutionPrinter() {}

    static void list(List<ExecutionReport> executions, boolean json) {
        if (json) {
            System.out.println(JSON.writeValueAsString(executions));
            return;
        }
        System.out.printf("%-8s %-22s %-10s %-19s %8s  %s%n", "ID", "JOB", "STATUS", "START", "SECONDS", "PARAMETERS");
        for (ExecutionReport e : executions) {
            System.out.printf("%-8d %-22s %-10s %-19s %8s  %s%n", e.executionId(), e.job(), e.status(),
                    text(e.start()), text(e.seconds()), e.parameters());
        }
    }

    static void detail(ExecutionReport e, boolean json) {
        if (json) {
            System.out.println(JSON.writeValueAsString(e));
            return;
        }
        System.out.printf("execution %d of %s (instance %d)%n", e.executionId(), e.job(), e.instanceId());
        System.out.printf("  status:     %s (exit code %s)%n", e.status(), e.exitCode());
        System.out.printf("  start, end: %s, %s (%s s)%n", text(e.start()), text(e.end()), text(e.seconds()));
        System.out.printf("  parameters: %s%n", e.parameters());
        FailureReason.of(e.exitDescription()).ifPresent(reason -> System.out.printf("  exit:       %s%n", reason));
        steps(e.steps());
    }

    static void report(List<ExecutionReport> executions, boolean json) {
        if (json) {
            System.out.println(JSON.writeValueAsString(executions));
            return;
        }
        for (ExecutionReport e : executions) {
            System.out.printf("%d %s %s  start %s  end %s  %s s%s%n", e.executionId(), e.job(), e.status(),
                    text(e.start()), text(e.end()), text(e.seconds()),
                    FailureReason.of(e.exitDescription()).map(reason -> "  exit: " + reason).orElse(""));
            steps(e.steps());
        }
    }

    private static void steps(List<StepReport> steps) {
        for (StepReport s : steps) {
            System.out.printf("    %-20s %-10s read %,d  written %,d  skipped %,d  filtered %,d  commits %,d"
                    + "  rollbacks %,d  %s s  %s read/s%n", s.name(), s.status(), s.read(), s.written(), s.skipped(),
                    s.filtered(), s.commits(), s.rollbacks(), text(s.seconds()), text(s.readPerSecond()));
            if ("FAILED".equals(s.status())) {
                FailureReason.of(s.exitDescription()).ifPresent(reason -> System.out.printf("      %s%n", reason));
            }
        }
    }

    private static String text(Object value) {
        if (value instanceof LocalDateTime time) {
            return TIME.format(time);
        }
        return value == null ? "-" : value.toString();
    }
}
