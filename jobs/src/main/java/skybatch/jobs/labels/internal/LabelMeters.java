package skybatch.jobs.labels.internal;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import skybatch.readers.syntax.Did;

/** Each labeler's {@link LabelMetrics}, registered once per process (the tail's partitions come and go). */
public final class LabelMeters {

    private final MeterRegistry registry;
    private final Map<Did, LabelMetrics> byLabeler = new ConcurrentHashMap<>();

    public LabelMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    public LabelMetrics of(Labeler labeler) {
        return byLabeler.computeIfAbsent(labeler.did(), did -> new LabelMetrics(registry, labeler));
    }
}
