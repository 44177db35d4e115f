package skybatch.jobs.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import skybatch.jobs.labels.LabelMonitor;
import skybatch.jobs.labels.LabelerStatus;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Per labeler: journal, receivedSeq, appliedSeq, lag, whether its ingest is connected, what it"
                + " rejected, and its labels in the table.")
class LabelsStatusCommand implements Callable<Integer> {

    private final SpringContext context;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    LabelsStatusCommand(SpringContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<LabelerStatus> statuses = context.bean(LabelMonitor.class).status();
        if (json) {
            System.out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                    .writeValueAsString(statuses));
            return ExitCodes.COMPLETED;
        }
        if (statuses.isEmpty()) {
            System.out.println("no labelers (SKYBATCH_LABELERS is empty)");
        }
        for (LabelerStatus status : statuses) {
            System.out.printf("%s%n", status.labeler());
            System.out.printf("  journal       %s (%,d bytes)%n", status.journal(), status.journalBytes());
            System.out.printf("  receivedSeq   %s%n", status.receivedSeq() == null ? "-" : status.receivedSeq());
            System.out.printf("  appliedSeq    %s%n", status.appliedSeq() == null ? "-" : status.appliedSeq());
            System.out.printf("  lag           %,d seqs%n", status.lagSeqs());
            System.out.printf("  ingest        %s%s%n", status.connected() ? "connected" : "not connected",
                    status.rejected().isEmpty() ? "" : ", rejected " + status.rejected());
            System.out.printf("  labels        %,d in effect, %,d negated%n", status.labels(), status.negated());
        }
        return ExitCodes.COMPLETED;
    }
}
