package skybatch.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import skybatch.jobs.SkybatchApplication;
import skybatch.readers.firehose.Journal;
import skybatch.readers.firehose.ingest.IngestStatus;
import skybatch.readers.firehose.testing.RelayStandIn;
import skybatch.readers.firehose.testing.StreamFrames;
import skybatch.readers.testing.ChildJvm;

/** {@code skybatch firehose ingest} as a process: no database, settings from the environment, SIGTERM ends it. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FirehoseIngestProcessTest {

    @TempDir
    Path scratch;

    @Test
    void followsTheRelayIntoTheJournalWithoutADatabaseAndStopsOnSigterm() throws Exception {
        Path dir = scratch.resolve("firehose");
        try (RelayStandIn relay = RelayStandIn.start()) {
            for (long seq = 1; seq <= 50; seq++) {
                relay.publish(seq, StreamFrames.identity(seq));
            }
            Process ingest = skybatch(dir, "127.0.0.1", "firehose", "ingest", "--relay", relay.url().toString(),
                    "--cursor", "0");
            try (Journal journal = Journal.open(dir)) {
                while (journal.lastSeq().orElse(0) < 50 && ingest.isAlive()) {
                    Thread.sleep(20);
                }
                assertThat(journal.lastSeq()).as(log()).hasValue(50);
            }
            ingest.destroy(); // SIGTERM

            assertThat(ingest.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ingest.exitValue()).as(log()).isEqualTo(128 + 15); // ended by the signal, after stopping:
            IngestStatus status = IngestStatus.read(dir).orElseThrow();
            assertThat(status.journalled()).isEqualTo(50);
            assertThat(status.connected()).isFalse();
            assertThat(status.recent()).last().satisfies(notice -> assertThat(notice.kind()).isEqualTo("stopped"));
            assertThat(relay.requests()).containsExactly("/xrpc/com.atproto.sync.subscribeRepos?cursor=0");
        }
    }

    @Test
    void aRelayOnAnAddressNotAllowedFailsWithTheReason() throws Exception {
        try (RelayStandIn relay = RelayStandIn.start()) {
            Process ingest = skybatch(scratch.resolve("firehose"), "", "firehose", "ingest", "--relay",
                    relay.url().toString());
            assertThat(ingest.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(ingest.exitValue()).isEqualTo(1);
            assertThat(log()).contains("127.0.0.1 is outside public addresses");
        }
    }

    private Process skybatch(Path journal, String allowAddresses, String... args) throws Exception {
        List<String> command = ChildJvm.command("256m", SkybatchApplication.class, args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(scratch.resolve("skybatch.log").toFile());
        builder.environment().put("SKYBATCH_FIREHOSE_JOURNAL", journal.toString());
        // no DATABASE_URL and a home without a database: the ingest must not need one
        builder.environment().put("SKYBATCH_HOME", scratch.resolve("home").toString());
        builder.environment().remove("DATABASE_URL");
        builder.environment().put("SKYBATCH_ALLOW_ADDRESSES", allowAddresses);
        return builder.start();
    }

    private String log() throws Exception {
        return Files.readString(scratch.resolve("skybatch.log"));
    }
}
