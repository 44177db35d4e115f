package skybatch.readers.firehose.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import skybatch.readers.firehose.Frame;
import skybatch.readers.firehose.Journal;
import skybatch.readers.firehose.JournalEntry;
import skybatch.readers.firehose.JournalReader;
import skybatch.readers.firehose.testing.RelayStandIn;
import skybatch.readers.firehose.testing.StreamFrames;
import skybatch.readers.net.AddressPolicy;
import skybatch.readers.net.EgressGuard;
import skybatch.readers.net.HostResolver;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamIngestTest {

    // A short idle timeout also bounds a connection the JDK client loses track of when the relay drops it while a
    // message is being delivered (seen as an InternalError inside the client, or no end reported at all).
    private static final IngestSettings FAST = IngestSettings.defaults()
            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200)).withIdleTimeout(Duration.ofSeconds(3));

    @TempDir
    Path dir;

    private RelayStandIn relay;
    private Journal journal;
    private EgressGuard loopback;
    private final List<StreamIngest> ingests = new ArrayList<>();
    private final List<CompletableFuture<Void>> runs = new ArrayList<>();

    @BeforeEach
    void start() {
        relay = RelayStandIn.start();
        journal = Journal.open(dir);
        loopback = EgressGuard.start(AddressPolicy.publicOnly().allowing("127.0.0.1"), HostResolver.system());
    }

    @AfterEach
    void stop() {
        ingests.forEach(StreamIngest::stop);
        for (CompletableFuture<Void> run : runs) {
            run.handle((done, failure) -> null).join(); // finished, so that nothing writes in dir any more
        }
        relay.close();
        journal.close();
        loopback.close();
    }

    @Test
    void aDroppedConnectionResumesFromTheLastJournalledSeqAndDropsTheInclusiveReplay() throws Exception {
        publishIdentities(1, 10);
        relay.nextConnection(RelayStandIn.Script.dropAfter(4));
        StreamIngest ingest = ingest(FAST);

        CompletableFuture<Void> run = runInBackground(ingest, OptionalLong.of(0));
        awaitSeq(10);

        assertThat(seqs()).containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
        // The connection ends after 4 frames; the JDK reports the end as soon as it sees it, even with a frame not
        // yet delivered, so the second connection asks from the last seq journalled, 3 or 4.
        List<String> requests = relay.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0)).isEqualTo("/xrpc/com.atproto.sync.subscribeRepos?cursor=0");
        assertThat(requests.get(1)).matches("/xrpc/com\\.atproto\\.sync\\.subscribeRepos\\?cursor=[34]");
        IngestStatus status = ingest.status();
        assertThat(status.replays()).isEqualTo(1);
        assertThat(status.journalled()).isEqualTo(10);
        assertThat(status.receivedSeq()).isEqualTo(10);
        assertThat(status.reconnects().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1);
        ingest.stop();
        run.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRestartAsksForTheStreamFromTheJournalsLastSeqAndFramesArriveWhole() throws Exception {
        relay.fragmentSize(7);
        List<byte[]> published = new ArrayList<>();
        for (long seq = 1; seq <= 5; seq++) {
            published.add(StreamFrames.commit(seq, "did:plc:abc", 300));
            relay.publish(seq, published.get(published.size() - 1));
        }
        StreamIngest first = ingest(FAST);
        CompletableFuture<Void> run = runInBackground(first, OptionalLong.of(0));
        awaitSeq(5);
        first.stop();
        run.get(10, TimeUnit.SECONDS);

        for (long seq = 6; seq <= 8; seq++) {
            published.add(StreamFrames.commit(seq, "did:plc:abc", 300));
            relay.publish(seq, published.get(published.size() - 1));
        }
        StreamIngest second = ingest(FAST);
        runInBackground(second, OptionalLong.of(0));
        awaitSeq(8);

        assertThat(entries()).extracting(JournalEntry::frame).containsExactlyElementsOf(published);
        assertThat(relay.requests()).last().isEqualTo("/xrpc/com.atproto.sync.subscribeRepos?cursor=5");
        assertThat(second.status().replays()).isEqualTo(1);
    }

    @Test
    void anOversizedMessageIsNotJournalledAndTheStreamGoesOn() throws Exception {
        relay.fragmentSize(500);
        relay.publish(1, StreamFrames.identity(1));
        relay.publish(2, StreamFrames.commit(2, "did:plc:big", 5000));
        relay.publish(3, StreamFrames.identity(3));
        StreamIngest ingest = ingest(FAST.withMaxFrameBytes(2000));

        runInBackground(ingest, OptionalLong.of(0));
        awaitSeq(3);

        assertThat(seqs()).containsExactly(1L, 3L);
        IngestStatus status = ingest.status();
        assertThat(status.rejected()).containsEntry("oversized", 1L);
        assertThat(status.recent()).anySatisfy(notice -> assertThat(notice.detail())
                .contains("over the cap of 2000").contains("after seq 1"));
    }

    @Test
    void badMessagesAreRecordedAndSkipped() throws Exception {
        relay.publish(1, StreamFrames.identity(1));
        relay.publishRaw(new byte[] {(byte) 0xa2, 0x01});
        relay.publishRaw(StreamFrames.message("#commit", java.util.Map.of("repo", "did:plc:noseq")));
        relay.publish(2, StreamFrames.identity(2));
        StreamIngest ingest = ingest(FAST);

        runInBackground(ingest, OptionalLong.of(0));
        awaitSeq(2);

        assertThat(seqs()).containsExactly(1L, 2L);
        assertThat(ingest.status().rejected()).containsEntry("undecodable", 1L).containsEntry("no-seq", 1L);
        assertThat(ingest.status().recent()).anySatisfy(notice -> assertThat(notice.detail())
                .contains("at byte offset").contains("after seq 1"));
    }

    @Test
    void withRejectionsJournalledEachBadMessageLeavesAnEntryWithItsSeqWhenReadableAndAReplayLeavesNone()
            throws Exception {
        relay.fragmentSize(500);
        relay.publish(1, StreamFrames.identity(1));
        relay.publish(2, StreamFrames.commit(2, "did:plc:big", 5000));
        relay.publishRaw(new byte[] {(byte) 0xa2, 0x01});
        relay.publish(3, StreamFrames.identity(3));
        // the first connection ends after seq 2 (or, as the JDK may see the end first, after seq 1): either way the
        // second one replays the oversized seq 2, which must not leave a second entry
        relay.nextConnection(RelayStandIn.Script.dropAfter(2));
        StreamIngest ingest = ingest(FAST.withMaxFrameBytes(2000).withRejectionsJournalled());

        runInBackground(ingest, OptionalLong.of(0));
        awaitSeq(3);

        List<JournalEntry> entries = entries();
        assertThat(entries).extracting(JournalEntry::seq).containsExactly(1L, 2L, 2L, 3L);
        RejectedMessage oversized = RejectedMessage.of(Frame.decode(entries.get(1).frame()))
                .orElseThrow();
        assertThat(oversized.reason()).isEqualTo("oversized");
        assertThat(oversized.seq()).isEqualTo(2L);
        assertThat(oversized.position()).isEqualTo("seq 2");
        assertThat(oversized.size()).isGreaterThan(5000);
        assertThat(oversized.prefix()).hasSize(2000);
        RejectedMessage undecodable = RejectedMessage.of(Frame.decode(entries.get(2).frame())).orElseThrow();
        assertThat(undecodable.reason()).isEqualTo("undecodable");
        assertThat(undecodable.seq()).isNull();
        assertThat(undecodable.position()).isEqualTo("after seq 2");
        assertThat(undecodable.prefix()).containsExactly((byte) 0xa2, 0x01);
        assertThat(relay.requests()).hasSize(2);
        assertThat(ingest.status().rejected()).containsEntry("oversized", 1L).containsEntry("undecodable", 1L);
    }

    @Test
    void errorFramesAndOutdatedCursorAreCountedAndRecorded() throws Exception {
        relay.nextConnection(RelayStandIn.Script.answer(
                StreamFrames.error("ConsumerTooSlow", "Stream consumer too slow")));
        relay.publishRaw(StreamFrames.info("OutdatedCursor", "Requested cursor exceeded limit."));
        publishIdentities(5, 7);
        StreamIngest ingest = ingest(FAST);

        runInBackground(ingest, OptionalLong.of(0));
        awaitSeq(7);

        assertThat(seqs()).containsExactly(5L, 6L, 7L);
        IngestStatus status = ingest.status();
        assertThat(status.streamErrors()).containsEntry("ConsumerTooSlow", 1L).containsEntry("OutdatedCursor", 1L);
        assertThat(status.reconnects()).containsEntry("closed", 1L);
        // The status is written beside the journal, for a status command in another process.
        awaitTrue(() -> IngestStatus.read(dir).map(IngestStatus::journalled).orElse(0L) == 3);
        assertThat(IngestStatus.read(dir).orElseThrow().streamErrors()).containsKey("OutdatedCursor");
    }

    @Test
    void aFutureCursorIsRecordedAndRetried() throws Exception {
        journal.append(100, java.time.Instant.now(), StreamFrames.identity(100));
        publishIdentities(1, 3);
        StreamIngest ingest = ingest(FAST);

        CompletableFuture<Void> run = runInBackground(ingest, OptionalLong.empty());
        awaitTrue(() -> ingest.status().streamErrors().getOrDefault("FutureCursor", 0L) >= 2);

        assertThat(relay.requests()).allMatch(request -> request.endsWith("?cursor=100"));
        assertThat(seqs()).containsExactly(100L);
        ingest.stop();
        run.get(10, TimeUnit.SECONDS);
    }

    @Test
    void anIdleConnectionIsReopened() throws Exception {
        publishIdentities(1, 6);
        relay.nextConnection(RelayStandIn.Script.stallAfter(3));
        StreamIngest ingest = ingest(FAST.withIdleTimeout(Duration.ofMillis(300)));

        runInBackground(ingest, OptionalLong.of(0));
        awaitSeq(6);

        assertThat(seqs()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(ingest.status().reconnects()).containsEntry("idle", 1L);
        assertThat(relay.requests()).last().isEqualTo("/xrpc/com.atproto.sync.subscribeRepos?cursor=3");
    }

    @Test
    void aSeqGoingBackwardsStopsTheIngestWithAClearError() throws Exception {
        publishIdentities(1, 3);
        relay.publish(2, StreamFrames.identity(2));
        StreamIngest ingest = ingest(FAST);

        CompletableFuture<Void> run = runInBackground(ingest, OptionalLong.of(0));

        assertThatThrownBy(() -> run.get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IngestException.class)
                .hasMessageContaining("sent seq 2 after seq 3 on one connection");
        assertThat(seqs()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aServiceOnAnAddressNotAllowedIsRefused() {
        try (EgressGuard publicOnly = EgressGuard.start(AddressPolicy.publicOnly(), HostResolver.system())) {
            StreamIngest ingest = new StreamIngest(new Subscription("firehose", relay.url(), Subscription.REPOS),
                    journal, FAST, publicOnly, new SimpleMeterRegistry(), Clock.systemUTC());

            assertThatThrownBy(() -> ingest.run(OptionalLong.empty()))
                    .isInstanceOf(IngestException.class)
                    .hasMessageContaining("127.0.0.1 is outside public addresses");
        }
        assertThat(relay.requests()).isEmpty();
    }

    private StreamIngest ingest(IngestSettings settings) {
        StreamIngest ingest = new StreamIngest(new Subscription("firehose", relay.url(), Subscription.REPOS),
                journal, settings, loopback, new SimpleMeterRegistry(), Clock.systemUTC());
        ingests.add(ingest);
        return ingest;
    }

    private CompletableFuture<Void> runInBackground(StreamIngest ingest, OptionalLong cursor) {
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
            try {
                ingest.run(cursor);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, runnable -> {
            Thread thread = new Thread(runnable, "ingest-under-test");
            thread.setDaemon(true);
            thread.start();
        });
        runs.add(run);
        return run;
    }

    private void publishIdentities(long from, long to) {
        for (long seq = from; seq <= to; seq++) {
            relay.publish(seq, StreamFrames.identity(seq));
        }
    }

    private void awaitSeq(long seq) throws InterruptedException {
        awaitTrue(() -> journal.lastSeq().orElse(-1) >= seq);
    }

    /** Waits for what the ingest does on its own threads; the class's timeout bounds it. */
    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(20);
        }
    }

    private List<JournalEntry> entries() {
        List<JournalEntry> entries = new ArrayList<>();
        try (JournalReader reader = journal.readAfter(Journal.START)) {
            for (JournalEntry entry = reader.next(); entry != null; entry = reader.next()) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private List<Long> seqs() {
        return entries().stream().map(JournalEntry::seq).toList();
    }
}
