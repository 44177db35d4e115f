package skybatch.jobs.firehose.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import skybatch.jobs.firehose.TailMonitor;

/**
 * The tail's meters: events by outcome, the seq of the last committed entry, the receive-to-commit latency of each
 * applied event (a histogram), and the lag behind the journal in events and seconds (gauges, while this process
 * runs the firehose).
 */
public final class TailMetrics {

    private final Map<Outcome, Counter> events = new EnumMap<>(Outcome.class);
    private final AtomicLong appliedSeq = new AtomicLong(-1);
    private final Timer latency;

    /** @param lag the tail's lag now, or null when this process does not run the firehose */
    public TailMetrics(MeterRegistry registry, Supplier<TailMonitor.Lag> lag) {
        for (Outcome outcome : Outcome.values()) {
            events.put(outcome, Counter.builder("skybatch.firehose.events").tag("outcome", outcome.tag())
                    .description("Firehose events the tail handled, by what it did with them").register(registry));
        }
        registry.gauge("skybatch.firehose.applied.seq", appliedSeq);
        latency = Timer.builder("skybatch.firehose.commit.latency")
                .description("From an event's receipt by the ingest to the commit of the chunk that applied it")
                .publishPercentileHistogram().publishPercentiles(0.5, 0.99).register(registry);
        Gauge.builder("skybatch.firehose.lag.events", lag, now -> value(now, false)).strongReference(true)
                .description("Firehose seqs journalled and not applied yet").register(registry);
        Gauge.builder("skybatch.firehose.lag.seconds", lag, now -> value(now, true)).strongReference(true)
                .baseUnit("seconds")
                .description("While the journal holds newer entries, how long ago the tail's last applied one was"
                        + " received").register(registry);
    }

    private static double value(Supplier<TailMonitor.Lag> lag, boolean seconds) {
        TailMonitor.Lag now = lag.get();
        return now == null ? Double.NaN : seconds ? now.seconds() : now.events();
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
