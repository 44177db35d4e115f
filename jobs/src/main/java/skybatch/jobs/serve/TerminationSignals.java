package skybatch.jobs.serve;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT for {@code serve}, handled by serve itself instead of starting the JVM's shutdown: serve then
 * stops its schedules, closes the database and exits 0 like any finished command (a JVM shut down by a signal
 * exits 143 whatever it does). After the first signal the JVM's own handling is back, so a second one ends the
 * process the usual way.
 */
public final class TerminationSignals {

    private static final String[] SIGNALS = {"TERM", "INT"};

    private TerminationSignals() {}

    public static void onFirst(Runnable action) {
        SignalHandler handler = signal -> {
            for (String name : SIGNALS) {
                Signal.handle(new Signal(name), SignalHandler.SIG_DFL);
            }
            action.run();
        };
        for (String name : SIGNALS) {
            Signal.handle(new Signal(name), handler);
        }
    }
}
