package skybatch.readers.identity.testing;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Faults by host or name, each for a number of requests or for good. */
final class Faults<F> {

    private record Armed<F>(F fault, AtomicInteger remaining) {}

    private final Map<String, Armed<F>> faults = new ConcurrentHashMap<>();

    void set(String key, F fault, int times) {
        faults.put(key, new Armed<>(fault, new AtomicInteger(times)));
    }

    void clear(String key) {
        faults.remove(key);
    }

    /** The fault for this request, using one of its remaining times. */
    Optional<F> next(String key) {
        Armed<F> armed = faults.get(key);
        if (armed == null || armed.remaining().getAndDecrement() <= 0) {
            return Optional.empty();
        }
        return Optional.of(armed.fault());
    }
}
