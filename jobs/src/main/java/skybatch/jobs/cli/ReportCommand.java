package skybatch.jobs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import skybatch.jobs.dashboard.DashboardDocuments;
import skybatch.jobs.operations.JobReports;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Executions from the job repository: status, times, per-step counts and throughput.",
                "With --html FILE: the dashboard's pages (overview, quarantine, backfill queue, identity, and each of"
                        + " the latest --limit executions) as one self-contained HTML file that opens without"
                        + " network."})
class ReportCommand implements Callable<Integer> {

    private final SpringContext context;

    @Option(names = "--job", paramLabel = "NAME", description = "Only this job (e.g. plcImportJob)")
    String job;

    @Option(names = "--since", paramLabel = "DATE", description = "Only executions created since (2026-11-01 or 2026-11-01T12:00)")
    String since;

    @Option(names = "--limit", defaultValue = "100", description = "At most this many executions (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the dashboard to this HTML file instead")
    Path html;

    ReportCommand(SpringContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        if (html != null) {
            if (job != null || since != null || json) {
                throw new IllegalArgumentException("--html takes only --limit (the executions given a page each)");
            }
            Files.writeString(html, context.bean(DashboardDocuments.class).report(limit));
            System.out.println("wrote " + html.toAbsolutePath());
            return ExitCodes.COMPLETED;
        }
        LocalDateTime from = since == null ? null : parse(since);
        ExecutionPrinter.report(context.bean(JobReports.class).executions(job, from, limit), json);
        return ExitCodes.COMPLETED;
    }

    private static LocalDateTime parse(String value) {
        try {
            return value.contains("T") ? LocalDateTime.parse(value) : LocalDate.parse(value).atStartOfDay();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since takes a date like 2026-11-01 or 2026-11-01T12:00, not '"
                    + value + "'");
        }
    }
}
