package skybatch.readers.identity.limits;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Stops requests to a host after {@code threshold} consecutive transient failures, for a cool-down. After the
 * cool-down one trial request goes through: its success closes the circuit, its failure opens it again.
 */
public final class CircuitBreaker {

    private enum State { CLOSED, OPEN, TRIAL }

    private final int threshold;
    private final long coolDownNanos;
    private final LongSupplier nanoClock;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openUntil;

    public CircuitBreaker(int threshold, Duration coolDown, LongSupplier nanoClock) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be positive: " + threshold);
        }
        this.threshold = threshold;
        this.coolDownNanos = coolDown.toNanos();
        this.nanoClock = nanoClock;
    }

    /** True while requests are refused; a cheap check before queueing for the other limits. */
    public synchronized boolean isOpen() {
        return state == State.TRIAL || (state == State.OPEN && nanoClock.getAsLong() - openUntil < 0);
    }

    /** Asks to send a request now; after the cool-down, the first caller gets the trial and the others wait. */
    public synchronized boolean tryAcquire() {
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (nanoClock.getAsLong() - openUntil < 0) {
                    return false;
                }
                state = State.TRIAL;
                return true;
            default:
                return false;
        }
    }

    /** The host answered (even with a definitive error): it is alive. */
    public synchronized void onAnswer() {
        state = State.CLOSED;
        consecutiveFailures = 0;
    }

    public synchronized void onTransientFailure() {
        consecutiveFailures++;
        if (state == State.TRIAL || consecutiveFailures >= threshold) {
            state = State.OPEN;
            openUntil = nanoClock.getAsLong() + coolDownNanos;
        }
    }
}
