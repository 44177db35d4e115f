package skybatch.jobs.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import skybatch.jobs.SkybatchProperties;
import skybatch.jobs.egress.EgressConfiguration;
import skybatch.jobs.ingest.StreamIngests;
import skybatch.jobs.operations.GracefulShutdown;
import skybatch.readers.firehose.Journal;
import skybatch.readers.firehose.ingest.StreamIngest;
import skybatch.readers.net.EgressGuard;
import skybatch.readers.net.HostResolver;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Follow the relay's subscribeRepos into the firehose journal (SKYBATCH_FIREHOSE_JOURNAL) until"
                + " SIGTERM or SIGINT; no database is needed.",
                "It resumes from the last seq in the journal; connections that close, fail or stay idle for"
                        + " SKYBATCH_FIREHOSE_IDLE_TIMEOUT are reopened with backoff."})
class FirehoseIngestCommand implements Callable<Integer> {

    @Option(names = "--relay", paramLabel = "<url>",
            description = "The relay (default SKYBATCH_FIREHOSE_RELAY, else wss://bsky.network)")
    URI relay;

    @Option(names = "--cursor", paramLabel = "<seq>",
            description = "Where an empty journal starts (default: the live end); a seq past the journal's last"
                    + " skips to it")
    Long cursor;

    @Override
    public Integer call() throws InterruptedException {
        SkybatchProperties properties = EnvironmentSettings.bind();
        try (Journal journal = Journal.open(StreamIngests.firehoseJournal(properties));
                EgressGuard egress = EgressGuard.start(EgressConfiguration.addressPolicy(properties),
                        HostResolver.system())) {
            // No /metrics here: the counts go to the status file beside the journal ('firehose status').
            StreamIngest ingest = StreamIngests.firehose(properties, relay, journal, egress, new SimpleMeterRegistry());
            GracefulShutdown.onSignal(ingest::stop);
            try {
                System.out.println("skybatch firehose ingest: into " + journal.dir() + ", from seq "
                        + journal.lastSeq().stream().mapToObj(Long::toString).findFirst().orElse("(live)"));
                ingest.run(cursor == null ? OptionalLong.empty() : OptionalLong.of(cursor));
            } finally {
                GracefulShutdown.onSignal(null);
            }
        }
        return ExitCodes.COMPLETED;
    }
}
