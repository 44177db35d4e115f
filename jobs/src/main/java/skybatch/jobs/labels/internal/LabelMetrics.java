package skybatch.jobs.labels.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One labeler's tail meters, as the firehose tail's (tag {@code labeler}): labels applied and quarantined, the seq
 * of the last committed entry, how far the journal is ahead of it ({@code skybatch.labels.lag.seqs}), and the
 * receive-to-commit latency of each applied entry.
 */
public final class LabelMetrics {

    private final Counter applied;
    private final Counter quarantined;
    private final AtomicLong appliedSeq = new AtomicLong(-1);
    private final Timer latency;

    public LabelMetrics(MeterRegistry registry, Labeler labeler) {
        String did = labeler.did().value();
        applied = Counter.builder("skybatch.labels.applied").tag("labeler", did)
                .description("Labels the tail wrote to the label table").register(registry);
        quarantined = Counter.builder("skybatch.labels.quarantined").tag("labeler", did)
                .description("Labels and messages the tail quarantined").register(registry);
        Gauge.builder("skybatch.labels.applied.seq", appliedSeq, AtomicLong::get).tag("labeler", did)
                .description("The seq of the last journal entry the tail committed").register(registry);
        Gauge.builder("skybatch.labels.lag.seqs", labeler, this::lag).tag("labeler", did)
                .description("The labeler's last journalled seq less the last applied one").register(registry);
        latency = Timer.builder("skybatch.labels.commit.latency").tag("labeler", did)
                .description("From a message's receipt by the ingest to the commit of the chunk that applied it")
                .publishPercentileHistogram().publishPercentiles(0.5, 0.99).register(registry);
    }

    /** After a chunk committed: what it applied, where it ended, and when its last entry was received. */
    void committed(int labels, int quarantinedItems, long seq, Instant receivedAt) {
        applied.increment(labels);
        quarantined.increment(quarantinedItems);
        appliedSeq.set(seq);
        latency.record(Duration.between(receivedAt, Instant.now()));
    }

    private double lag(Labeler labeler) {
        long applied = appliedSeq.get();
        return applied < 0 ? Double.NaN : Math.max(0, labeler.journal().lastSeq().orElse(applied) - applied);
    }
}
