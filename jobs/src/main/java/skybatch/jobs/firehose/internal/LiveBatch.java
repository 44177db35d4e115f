package skybatch.jobs.firehose.internal;

import java.util.List;

/** A {@link JournalBatch} decoded and checked: one event per entry, in journal order. */
public record LiveBatch(List<LiveEvent> events) {

    public LiveBatch {
        events = List.copyOf(events);
    }
}
