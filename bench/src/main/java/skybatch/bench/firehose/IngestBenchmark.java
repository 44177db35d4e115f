package skybatch.bench.firehose;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.util.FileSystemUtils;
import skybatch.readers.firehose.Journal;
import skybatch.readers.firehose.ingest.IngestSettings;
import skybatch.readers.firehose.ingest.StreamIngest;
import skybatch.readers.firehose.ingest.Subscription;
import skybatch.readers.firehose.testing.RelayStandIn;
import skybatch.readers.firehose.testing.StreamFrames;
import skybatch.readers.net.AddressPolicy;
import skybatch.readers.net.EgressGuard;
import skybatch.readers.net.HostResolver;

/**
 * bench/firehose, the ingest part: N {@code #commit} frames (300 B to 3 KB, as the network's) served by the relay
 * stand-in on 127.0.0.1, taken by the real ingest into a fresh journal (decoded, seq checked, appended, the next
 * requested only then), against a baseline measured in the same run: a WebSocket client on the same stand-in that
 * only counts the frames (the ceiling the transport sets here). Each is run once to warm up, then timed.
 *
 * <p>Usage: {@code IngestBenchmark <frames>}.
 */
public final class IngestBenchmark {

    private IngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        int frames = Integer.parseInt(args[0]);
        Random random = new Random(42);
        long bytes = 0;
        try (RelayStandIn relay = RelayStandIn.start()) {
            for (long seq = 1; seq <= frames; seq++) {
                byte[] frame = StreamFrames.commit(seq, "did:plc:bench" + (seq % 5000), 300 + random.nextInt(2700));
                bytes += frame.length;
                relay.publish(seq, frame);
            }
            System.out.printf("%nfirehose ingest benchmark: %,d frames, %,d MB, from the relay stand-in on 127.0.0.1%n",
                    frames, bytes >> 20);
            receiveOnly(relay, frames / 10);
            double baseline = receiveOnly(relay, frames);
            ingest(relay, frames / 10);
            double ingest = ingest(relay, frames);
            System.out.printf("  ingest into the journal:     %6.2f s  %,9.0f frames/s  %6.1f MB/s%n", ingest,
                    frames / ingest, bytes / ingest / (1 << 20));
            System.out.printf("  baseline, WebSocket receive: %6.2f s  %,9.0f frames/s  %6.1f MB/s%n", baseline,
                    frames / baseline, bytes / baseline / (1 << 20));
            System.out.printf("  ratio (ingest / baseline):   %6.2f    target: >= 20,000 frames/s%n",
                    baseline / ingest);
        }
    }

    /** Seconds for the real ingest to journal the first {@code frames} frames into a fresh journal. */
    private static double ingest(RelayStandIn relay, int frames) throws Exception {
        Path dir = Files.createTempDirectory("skybatch-bench-firehose");
        try (Journal journal = Journal.open(dir);
                EgressGuard loopback = EgressGuard.start(AddressPolicy.publicOnly().allowing("127.0.0.1"),
                        HostResolver.system())) {
            StreamIngest ingest = new StreamIngest(new Subscription("firehose", relay.url(), Subscription.REPOS),
                    journal, IngestSettings.defaults(), loopback,
                    new SimpleMeterRegistry(), Clock.systemUTC());
            long start = System.nanoTime();
            Thread thread = new Thread(() -> {
                try {
                    ingest.run(OptionalLong.of(1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "ingest");
            thread.start();
            while (received(ingest) < frames) {
                Thread.sleep(1);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            ingest.stop();
            thread.join();
            return seconds;
        } finally {
            FileSystemUtils.deleteRecursively(dir);
        }
    }

    private static long received(StreamIngest ingest) {
        Long seq = ingest.status().receivedSeq();
        return seq == null ? 0 : seq;
    }

    /** Seconds for a WebSocket client that only counts messages to receive {@code frames} of them. */
    private static double receiveOnly(RelayStandIn relay, int frames) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicLong count = new AtomicLong();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
                if (last && count.incrementAndGet() == frames) {
                    done.complete(null);
                }
                socket.request(1);
                return null;
            }
        };
        long start = System.nanoTime();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(new Subscription("baseline", relay.url(), Subscription.REPOS).uri(OptionalLong.of(1)),
                        listener)
                .get();
        done.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        socket.abort();
        return seconds;
    }
}
