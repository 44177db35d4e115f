package skybatch.jobs.firehose.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tail's meters: events by outcome, the seq of the last committed entry, and the
 * receive-to-commit latency of each applied event.
 */
public final class TailMetrics {

    private final Map<Outcome, Counter> events = new EnumMap<>(Outcome.class);
    private final AtomicLong appliedSeq = new AtomicLong(-1);
    private final Timer latency;

    public TailMetrics(MeterRegistry registry) {
        for (Outcome outcome : Outcome.values()) {
            events.put(outcome, Counter.builder("skybatch.firehose.events").tag("outcome", outcome.tag())
                    .description("Firehose events the tail handled, by what it did with them").register(registry));
        }
        registry.gauge("skybatch.firehose.applied.seq", appliedSeq);
        latency = Timer.builder("skybatch.firehose.commit.latency")
                .description("From an event's receipt by the ingest to the commit of the chunk that applied it")
                .publishPercentileHistogram().publishPercentiles(0.5, 0.99).register(registry);
    }

    void count(Outcome outcome, int n) {
        events.get(outcome).increment(n);
    }

    /** After a chunk committed: where it ended, and how long each of its events took to get there. */
    void committed(long seq, Iterable<Instant> receivedAts) {
        Instant now = Instant.now();
        for (Instant at : receivedAts) {
            latency.record(Duration.between(at, now));
        }
        appliedSeq.set(seq);
    }

    /** The latency timer: the benchmark reads its percentiles. */
    public Timer latency() {
        return latency;
    }
}
