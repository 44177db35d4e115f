package skybatch.jobs.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Mixin;
import skybatch.jobs.serve.TerminationSignals;

/**
 * A long-running command ({@code serve}, {@code worker}): answers HTTP at its {@link HttpAddress}, starts its work,
 * and on the first SIGTERM or SIGINT stops that work and exits 0.
 */
abstract class ServiceCommand implements Callable<Integer> {

    final SpringContext context;

    @Mixin
    HttpAddress http;

    ServiceCommand(SpringContext context) {
        this.context = context;
    }

    /** Starts the work, with the web server already answering at {@code url}; returns how to stop it. */
    abstract Stop start(String url) throws Exception;

    @Override
    public final Integer call() throws Exception {
        CountDownLatch signal = new CountDownLatch(1);
        TerminationSignals.onFirst(signal::countDown);
        String url = "http://" + http.bind + ":" + context.startWebServer(http.bind, http.port) + "/";
        Stop stop = start(url);
        signal.await();
        stop.stop();
        return ExitCodes.COMPLETED;
    }

    /** Ends the work gracefully, returning once it has ended. */
    interface Stop {
        void stop() throws Exception;
    }
}
