package skybatch.readers.firehose.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import skybatch.readers.firehose.Journal;
import skybatch.readers.firehose.JournalEntry;
import skybatch.readers.firehose.JournalReader;
import skybatch.readers.firehose.testing.RelayStandIn;
import skybatch.readers.firehose.testing.StreamFrames;
import skybatch.readers.testing.ChildJvm;

/** kill -9 of the ingest, a process of its own, at random points: the journal ends with every frame once. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IngestProcessTest {

    private static final int FRAMES = 20_000;

    @TempDir
    Path scratch;

    @Test
    void killedAtRandomPointsAndRestartedTheJournalHoldsEveryFrameOnceInOrder() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<byte[]> published = new ArrayList<>();
        Path dir = scratch.resolve("journal");
        try (RelayStandIn relay = RelayStandIn.start(); Journal journal = Journal.open(dir)) {
            for (long seq = 1; seq <= FRAMES; seq++) {
                // sizes vary so that a kill lands in the middle of an append now and then
                published.add(StreamFrames.commit(seq, "did:plc:kill", 200 + random.nextInt(3000)));
                relay.publish(seq, published.get(published.size() - 1));
            }
            for (int kill = 1; kill <= 3; kill++) {
                long target = (long) FRAMES * kill / 4 + random.nextInt(FRAMES / 8);
                Process ingest = startIngest(relay, dir);
                while (journal.lastSeq().orElse(0) < target && ingest.isAlive()) {
                    Thread.sleep(1);
                }
                assertThat(ingest.isAlive()).as("ingest %d still running (seed %d)", kill, seed).isTrue();
                ingest.destroyForcibly(); // SIGKILL
                assertThat(ingest.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            Process last = startIngest(relay, dir);
            while (journal.lastSeq().orElse(0) < FRAMES) {
                Thread.sleep(10);
            }
            last.destroyForcibly();
            last.waitFor(30, TimeUnit.SECONDS);

            List<JournalEntry> entries = new ArrayList<>();
            try (JournalReader reader = journal.readAfter(Journal.START)) {
                for (JournalEntry entry = reader.next(); entry != null; entry = reader.next()) {
                    entries.add(entry);
                }
            }
            assertThat(entries).as("seed %d", seed).hasSize(FRAMES);
            for (int i = 0; i < FRAMES; i++) {
                assertThat(entries.get(i).seq()).as("seed %d", seed).isEqualTo(i + 1);
                assertThat(entries.get(i).frame()).as("seed %d", seed).isEqualTo(published.get(i));
            }
        }
    }

    private Process startIngest(RelayStandIn relay, Path dir) throws Exception {
        return new ProcessBuilder(ChildJvm.command("256m", IngestChild.class, relay.url().toString(), dir.toString()))
                .redirectErrorStream(true).redirectOutput(scratch.resolve("ingest.log").toFile()).start();
    }
}
