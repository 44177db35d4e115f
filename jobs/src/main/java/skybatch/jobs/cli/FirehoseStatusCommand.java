package skybatch.jobs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import skybatch.jobs.firehose.TailMonitor;
import skybatch.jobs.firehose.TailStatus;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "The firehose: relay, journal size and seqs, what the tail applied, its lag, parked events and "
                + "desynchronized repositories.")
class FirehoseStatusCommand implements Callable<Integer> {

    private final SpringContext context;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    FirehoseStatusCommand(SpringContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        TailStatus status = context.bean(TailMonitor.class).status();
        if (json) {
            System.out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                    .writeValueAsString(status));
            return ExitCodes.COMPLETED;
        }
        System.out.printf("relay           %s%n", status.relay());
        System.out.printf("journal         %s (%,d bytes)%n", status.journal(), status.journalBytes());
        System.out.printf("first seq       %s%n", orDash(status.firstSeq()));
        System.out.printf("receivedSeq     %s%n", orDash(status.receivedSeq()));
        System.out.printf("appliedSeq      %s%n", orDash(status.appliedSeq()));
        System.out.printf("lagEvents       %,d%n", status.lagEvents());
        System.out.printf("lagSeconds      %.1f%n", status.lagSeconds());
        System.out.printf("parked          %,d%n", status.parked());
        System.out.printf("desynchronized  %,d%n", status.desynchronized());
        return ExitCodes.COMPLETED;
    }

    private static String orDash(Long value) {
        return value == null ? "-" : String.format("%,d", value);
    }
}
