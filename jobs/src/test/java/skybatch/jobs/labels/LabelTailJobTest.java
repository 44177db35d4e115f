package skybatch.jobs.labels;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import skybatch.jobs.SkybatchProperties;
import skybatch.jobs.ingest.StreamIngests;
import skybatch.jobs.labels.internal.Labeler;
import skybatch.jobs.labels.internal.Labelers;
import skybatch.jobs.operations.JobRunner;
import skybatch.jobs.testing.LabelerDocuments;
import skybatch.jobs.testing.SkybatchTestApp;
import skybatch.readers.crypto.Curve;
import skybatch.readers.firehose.ingest.StreamIngest;
import skybatch.readers.firehose.testing.RelayStandIn;
import skybatch.readers.labels.TestLabeler;
import skybatch.readers.net.EgressGuard;
import skybatch.readers.syntax.Did;

/**
 * labelTailJob end to end: labels signed with test keys (K-256 and P-256) in real journals, the real application,
 * a real PostgreSQL; the labelers' DID documents as the PLC import stores them. The journals and the tail's
 * positions carry on from test to test; each test labels subjects of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LabelTailJobTest {

    private static final TestLabeler K256 = new TestLabeler("did:plc:labelerkkkkkkkkkkkkkkkk", Curve.K256);
    private static final TestLabeler P256 = new TestLabeler("did:plc:labelerpppppppppppppppp", Curve.P256);
    private static final String CID = "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm";

    @TempDir
    static Path dir;

    private final AtomicLong seq = new AtomicLong();
    private RelayStandIn labelerService;
    private SkybatchTestApp app;

    @BeforeAll
    void start() {
        labelerService = RelayStandIn.start();
        app = SkybatchTestApp.start("skybatch.labelers=" + K256.did() + "," + P256.did() + "=" + labelerService.url(),
                "skybatch.labels.journals=" + dir.resolve("labels"), "skybatch.labels.chunk-size=2",
                "skybatch.labels.idle-commit=100ms", "skybatch.labels.idle-timeout=3s",
                "skybatch.labels.max-frame-size=4KB",
                "skybatch.identity.plc-url=http://127.0.0.1:9",
                "skybatch.allow-addresses=127.0.0.1");
        document(K256, "https://labeler.example.com");
        document(P256, "https://unused.example.com");
    }

    @AfterAll
    void stop() {
        app.close();
        labelerService.close();
    }

    private void document(TestLabeler labeler, String endpoint) {
        LabelerDocuments.store(app.jdbc(), labeler, endpoint);
    }

    private Labeler labeler(TestLabeler labeler) {
        return app.bean(Labelers.class).get(Did.parse(labeler.did()));
    }

    @SafeVarargs
    private void append(TestLabeler labeler, Map<String, Object>... labels) {
        long s = seq.incrementAndGet();
        labeler(labeler).journal().append(s, Instant.now(), TestLabeler.message(s, labels));
    }

    private void drain() throws Exception {
        Job job = app.bean(LabelTailJobConfiguration.JOB_NAME, Job.class);
        JobExecution execution = app.bean(JobRunner.class).start(job, new JobParametersBuilder()
                .addString(LabelTailJobConfiguration.DRAIN, "true").addLong("launched", System.nanoTime())
                .toJobParameters());
        assertThat(execution.getStatus()).as(execution.getExitStatus().getExitDescription())
                .isEqualTo(BatchStatus.COMPLETED);
    }

    private List<String> rows(String subject) {
        return app.jdbc().queryForList("SELECT src || ' ' || cid || ' ' || val || ' ' || neg || ' ' || cts || ' '"
                + " || coalesce(exp, '-') FROM bsky.label WHERE uri = ? ORDER BY src, cid, val", String.class, subject);
    }

    @Test
    void labelsNegationsAndRelabelsLandAsTheAppViewReadsThem() throws Exception {
        String post = "at://did:plc:alice/app.bsky.feed.post/3kaaa";
        String account = "did:plc:alicealicealicealiceal";
        append(K256, K256.label(post, CID, "porn", false, "2026-12-01T09:00:00.000Z", null),
                K256.label(account, null, "spam", false, "2026-12-01T09:00:00.000Z", "2026-12-08T09:00:00.000Z"));
        append(P256, P256.label(post, null, "rude", false, "2026-12-01T09:00:00.000Z", null));
        append(K256, K256.label(post, CID, "porn", true, "2026-12-01T10:00:00.000Z", null));
        append(K256, K256.label(post, CID, "porn", false, "2026-12-01T11:00:00.000Z", null),
                K256.label(account, null, "spam", true, "2026-12-01T11:00:00.000Z", null));

        drain();

        assertThat(rows(post)).containsExactly(
                K256.did() + " " + CID + " porn false 2026-12-01T11:00:00.000Z -",
                P256.did() + "  rude false 2026-12-01T09:00:00.000Z -");
        assertThat(rows(account)).containsExactly(K256.did() + "  spam true 2026-12-01T11:00:00.000Z -");
        // the position committed with the labels: a second run has nothing to do and changes nothing
        drain();
        assertThat(rows(post)).hasSize(2);
        assertThat(app.bean(LabelMonitor.class).status()).allSatisfy(status -> assertThat(status.lagSeqs()).isZero());
    }

    @Test
    void badLabelsAreQuarantinedWithLabelerSeqAndReasonAndTheRestApplies() throws Exception {
        String post = "at://did:plc:bob/app.bsky.feed.post/3kbbb";
        Map<String, Object> forged = new HashMap<>(K256.label(post, null, "spam", false, "2026-12-01T09:00:00Z", null));
        forged.put("val", "!takedown");
        TestLabeler impostor = new TestLabeler("did:plc:impostorimpostorimposto", Curve.K256);
        append(K256, forged,
                impostor.label(post, null, "spam", false, "2026-12-01T09:00:00Z", null),
                K256.label("not a subject", null, "spam", false, "2026-12-01T09:00:00Z", null),
                K256.label(post, null, "ok", false, "2026-12-01T09:00:00Z", null));
        long badSeq = seq.get();
        labeler(K256).journal().append(seq.incrementAndGet(), Instant.now(), new byte[] {(byte) 0xa1});

        drain();

        assertThat(rows(post)).containsExactly(K256.did() + "  ok false 2026-12-01T09:00:00Z -");
        assertThat(app.jdbc().queryForList("SELECT position || ': ' || reason FROM skybatch.quarantine"
                + " WHERE source = ? ORDER BY id", String.class, "labeler " + K256.did()))
                .containsExactly("seq " + badSeq + ": the signature does not verify with " + K256.did()
                                + "'s label key " + K256.key().didKey(),
                        "seq " + badSeq + ": a label from did:plc:impostorimpostorimposto in the stream of " + K256.did(),
                        "seq " + badSeq + ": the subject 'not a subject' is neither a DID nor an AT-URI",
                        "seq " + (badSeq + 1) + ": not DAG-CBOR: length 1 runs past the end of input (0 bytes left)"
                                + " at byte offset 0 of the frame");
    }

    @Test
    void messagesTheIngestCouldNotJournalAreQuarantinedWithLabelerSeqAndReason() throws Exception {
        String post = "at://did:plc:dave/app.bsky.feed.post/3kddd";
        long start = seq.get() + 1;
        long small = seq.incrementAndGet();
        labelerService.publish(small, TestLabeler.message(small, P256.label(post, null, "ok", false,
                "2026-12-01T09:00:00Z", null)));
        long big = seq.incrementAndGet();
        labelerService.publish(big, TestLabeler.message(big, P256.label(post, null, "x".repeat(100), false,
                "2026-12-01T09:00:00Z", null), P256.label(post + "x".repeat(5000), null, "big", false,
                "2026-12-01T09:00:00Z", null)));
        labelerService.publishRaw(new byte[] {(byte) 0xa2, 0x01});
        long after = seq.incrementAndGet();
        labelerService.publish(after, TestLabeler.message(after, P256.label(post, null, "after", false,
                "2026-12-01T09:00:00Z", null)));
        follow(P256, start, after);

        drain();

        assertThat(rows(post)).extracting(row -> row.split(" ")[2]).containsExactly("after", "ok");
        assertThat(app.jdbc().queryForList("SELECT position || ': ' || reason FROM skybatch.quarantine"
                + " WHERE source = ? AND position IN (?, ?) ORDER BY id", String.class, "labeler " + P256.did(),
                "seq " + big, "after seq " + big))
                .hasSize(2)
                .satisfiesExactly(
                        oversized -> assertThat(oversized).startsWith("seq " + big + ": the ingest did not journal the"
                                + " message (oversized): a message of ").endsWith("bytes, over the cap of 4096"),
                        undecodable -> assertThat(undecodable).startsWith("after seq " + big + ": the ingest did not"
                                + " journal the message (undecodable)"));
    }

    /** Runs the labeler's ingest from {@code start} until its journal holds {@code last}. */
    private void follow(TestLabeler labeler, long start, long last) throws Exception {
        Labeler resolved = labeler(labeler);
        StreamIngest ingest = StreamIngests.labeler(app.bean(SkybatchProperties.class), resolved.did(),
                resolved.endpoint(), resolved.journal(), app.bean(EgressGuard.class), new SimpleMeterRegistry());
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
            try {
                ingest.run(OptionalLong.of(start));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        while (resolved.journal().lastSeq().orElse(0) < last) {
            Thread.sleep(20);
        }
        ingest.stop();
        run.get(10, TimeUnit.SECONDS);
    }

    @Test
    void theIngestFollowsALabelerThatDropsItsConnectionIntoTheJournalTheTailApplies() throws Exception {
        String post = "at://did:plc:carol/app.bsky.feed.post/3kccc";
        long start = seq.get() + 1;
        for (int i = 0; i < 5; i++) {
            long s = seq.incrementAndGet();
            labelerService.publish(s, TestLabeler.message(s, P256.label(post, null, "v" + i, false,
                    "2026-12-01T09:00:0" + i + "Z", null)));
        }
        labelerService.nextConnection(RelayStandIn.Script.dropAfter(2));
        follow(P256, start, seq.get());

        drain();

        assertThat(rows(post)).hasSize(5);
        assertThat(labelerService.requests()).first().asString()
                .isEqualTo("/xrpc/com.atproto.label.subscribeLabels?cursor=" + start);
        assertThat(labelerService.requests()).hasSize(2);
    }
}
