package skybatch.readers.identity.limits;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A nanosecond clock that moves only when told. */
final class FakeClock implements LongSupplier {

    private long now = 1_000_000_000L;

    void advance(Duration duration) {
        now += duration.toNanos();
    }

    @Override
    public long getAsLong() {
        return now;
    }
}
