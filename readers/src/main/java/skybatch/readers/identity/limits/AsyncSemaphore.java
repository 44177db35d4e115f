package skybatch.readers.identity.limits;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** A semaphore whose waiters are futures rather than blocked threads; waiters are served first come, first served. */
public final class AsyncSemaphore {

    /**
     * Waiters to start on this thread once the release in progress returns. A task that fails at once (an open
     * circuit) releases at once, which would start the next waiter inside it, and so on down a long queue: the
     * stack would overflow. Starting them one after the other here keeps the stack flat.
     */
    private static final ThreadLocal<Queue<CompletableFuture<Void>>> TO_START = new ThreadLocal<>();

    private final Queue<CompletableFuture<Void>> waiters = new ArrayDeque<>();
    private int available;

    public AsyncSemaphore(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be positive: " + permits);
        }
        this.available = permits;
    }

    /** Runs the task once a permit is free and frees the permit when the task's future completes. */
    public <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> task) {
        return acquire()
                .thenCompose(ignored -> task.get())
                .whenComplete((result, error) -> release());
    }

    private synchronized CompletableFuture<Void> acquire() {
        if (available > 0) {
            available--;
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        waiters.add(waiter);
        return waiter;
    }

    private void release() {
        CompletableFuture<Void> next;
        synchronized (this) {
            next = waiters.poll();
            if (next == null) {
                available++;
                return;
            }
        }
        Queue<CompletableFuture<Void>> pending = TO_START.get();
        if (pending != null) {
            pending.add(next);
            return;
        }
        pending = new ArrayDeque<>();
        TO_START.set(pending);
        try {
            for (CompletableFuture<Void> waiter = next; waiter != null; waiter = pending.poll()) {
                waiter.complete(null); // outside the lock: the waiter's task starts on this thread
            }
        } finally {
            TO_START.remove();
        }
    }
}
