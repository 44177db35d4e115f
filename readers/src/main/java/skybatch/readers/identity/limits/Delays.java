package skybatch.readers.identity.limits;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Futures that complete after a delay, without holding a thread while they wait. */
final class Delays {

    private Delays() {}

    /**
     * Completes after the delay on the JDK's shared delay thread, which then runs the dependent stages: these only
     * start non-blocking requests. No delay completes at once, without a thread hop.
     */
    static CompletableFuture<Void> after(long delay, TimeUnit unit) {
        if (delay <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(delay, unit, Runnable::run));
    }
}
