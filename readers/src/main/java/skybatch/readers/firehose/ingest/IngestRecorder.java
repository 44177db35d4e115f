package skybatch.readers.firehose.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what an ingest does, as Micrometer meters (tagged with the stream's name) and as the {@link IngestStatus}
 * it writes beside its journal: at once after a notable event, at most every second otherwise.
 */
final class IngestRecorder {

    private static final Logger log = LoggerFactory.getLogger(StreamIngest.class);
    private static final int RECENT = 20;
    private static final Duration FLUSH_EVERY = Duration.ofSeconds(1);

    private final Subscription subscription;
    private final Path journalDir;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Counter[]> byType = new ConcurrentHashMap<>();
    private final AtomicLong receivedSeq = new AtomicLong(-1);
    private final Counter replayMeter;

    // Guarded by this.
    private boolean connected;
    private Instant connectedSince;
    private Instant lastFrameAt;
    private long journalled;
    private long journalledBytes;
    private long replays;
    private final Map<String, Long> reconnects = new TreeMap<>();
    private final Map<String, Long> streamErrors = new TreeMap<>();
    private final Map<String, Long> rejected = new TreeMap<>();
    private final Deque<IngestStatus.Notice> recent = new ArrayDeque<>();
    private boolean dirty;
    private Instant flushedAt = Instant.MIN;

    IngestRecorder(Subscription subscription, Path journalDir, MeterRegistry meters, Clock clock) {
        this.subscription = subscription;
        this.journalDir = journalDir;
        this.meters = meters;
        this.clock = clock;
        this.replayMeter = Counter.builder("skybatch.stream.replays").tag("stream", subscription.name())
                .description("messages dropped because the journal already held their seq").register(meters);
        meters.gauge("skybatch.stream.received.seq", List.of(io.micrometer.core.instrument.Tag.of("stream",
                subscription.name())), receivedSeq, AtomicLong::get);
    }

    void resumedAt(long seq) {
        receivedSeq.set(seq);
        synchronized (this) {
            dirty = true;
        }
    }

    synchronized void connected() {
        connected = true;
        connectedSince = clock.instant();
        notice("connected", "to " + subscription.service());
    }

    void journalled(String type, long seq, int bytes, Instant at) {
        Counter[] counters = byType.computeIfAbsent(type, t -> new Counter[] {
                Counter.builder("skybatch.stream.frames").tag("stream", subscription.name()).tag("type", t)
                        .description("messages journalled").register(meters),
                Counter.builder("skybatch.stream.bytes").tag("stream", subscription.name()).tag("type", t)
                        .description("bytes of the messages journalled").register(meters)});
        counters[0].increment();
        counters[1].increment(bytes);
        receivedSeq.set(seq);
        synchronized (this) {
            journalled++;
            journalledBytes += bytes;
            lastFrameAt = at;
            dirty = true;
        }
    }

    void replayed(Instant at) {
        replayMeter.increment();
        synchronized (this) {
            replays++;
            lastFrameAt = at;
            dirty = true;
        }
    }

    /** An error frame or an {@code #info} message from the stream. */
    synchronized void streamError(String kind, String name, String message) {
        String label = name == null ? "unnamed" : name;
        meters.counter("skybatch.stream.errors", "stream", subscription.name(), "name", label).increment();
        streamErrors.merge(label, 1L, Long::sum);
        log.warn("{}: {} {}{} (at seq {})", subscription.name(), kind, label, message == null ? "" : ": " + message,
                seqText());
        notice(kind, label + (message == null ? "" : ": " + message));
    }

    /** A message not journalled: oversized, undecodable, text, without a seq. */
    synchronized void rejected(String reason, String detail) {
        meters.counter("skybatch.stream.rejected", "stream", subscription.name(), "reason", reason).increment();
        rejected.merge(reason, 1L, Long::sum);
        log.warn("{}: message after seq {} not journalled: {}", subscription.name(), seqText(), detail);
        notice("rejected", detail + " (after seq " + seqText() + ")");
    }

    synchronized void disconnected(String reason, String detail) {
        connected = false;
        connectedSince = null;
        meters.counter("skybatch.stream.reconnects", "stream", subscription.name(), "reason", reason).increment();
        reconnects.merge(reason, 1L, Long::sum);
        notice("disconnected", reason + ": " + detail);
    }

    synchronized void stopped() {
        connected = false;
        connectedSince = null;
        notice("stopped", "at seq " + seqText());
    }

    /** Writes the status file if something changed since it was last written more than a second ago. */
    synchronized void flushIfDue() {
        if (dirty && Duration.between(flushedAt, clock.instant()).compareTo(FLUSH_EVERY) >= 0) {
            flush();
        }
    }

    synchronized IngestStatus snapshot() {
        long seq = receivedSeq.get();
        return new IngestStatus(subscription.name(), subscription.service(), connected, connectedSince,
                seq < 0 ? null : seq, lastFrameAt, journalled, journalledBytes, replays, sorted(reconnects),
                sorted(streamErrors), sorted(rejected), List.copyOf(recent), clock.instant());
    }

    private void notice(String kind, String detail) {
        recent.addLast(new IngestStatus.Notice(clock.instant(), kind, detail));
        while (recent.size() > RECENT) {
            recent.removeFirst();
        }
        flush();
    }

    private void flush() {
        snapshot().write(journalDir);
        flushedAt = clock.instant();
        dirty = false;
    }

    private static Map<String, Long> sorted(Map<String, Long> counts) {
        return java.util.Collections.unmodifiableMap(new TreeMap<>(counts));
    }

    private String seqText() {
        long seq = receivedSeq.get();
        return seq < 0 ? "none" : Long.toString(seq);
    }
}
