package skybatch.jobs.operations;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * On SIGTERM or SIGINT, asks the running job to stop at its next chunk boundary and holds the JVM until the
 * CLI has recorded the stop and closed the database: the job ends STOPPED and can be restarted.
 */
public final class GracefulShutdown {

    private static final CountDownLatch FINISHED = new CountDownLatch(1);
    private static volatile Runnable stopAction;

    private GracefulShutdown() {}

    public static void install() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Runnable action = stopAction;
            if (action != null) {
                System.err.println("skybatch: stopping at the next chunk boundary...");
                action.run();
            }
            try {
                FINISHED.await(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "skybatch-shutdown"));
    }

    /** What to do on a signal while a job runs; {@code null} when none runs. */
    public static void onSignal(Runnable action) {
        stopAction = action;
    }

    /** The CLI is done and its resources are closed: the JVM may exit. */
    public static void finished() {
        FINISHED.countDown();
    }
}
