package skybatch.jobs.firehose;

import java.util.Optional;
import skybatch.readers.firehose.ingest.StreamIngest;

/**
 * The firehose as this process runs it, for {@code /health} and the lag gauges: the relay's ingest that the command
 * running it ({@code serve} with the firehose enabled, {@code firehose run}) hands over, and the tail's lag
 * ({@link TailMonitor#lag}). Nothing until an ingest is handed over: other processes report no firehose.
 */
public class FirehoseLink {

    private final TailMonitor monitor;
    private volatile StreamIngest ingest;
    private volatile boolean standalone;

    public FirehoseLink(TailMonitor monitor) {
        this.monitor = monitor;
    }

    /**
     * The ingest this process runs.
     *
     * @param alone whether the firehose is the process's whole work ({@code firehose run}), not beside the scheduler
     */
    public void attach(StreamIngest running, boolean alone) {
        this.standalone = alone;
        this.ingest = running;
    }

    /** Whether the firehose is this process's whole work ({@code firehose run}). */
    public boolean standalone() {
        return standalone;
    }

    /** Whether this process runs the firehose. */
    public boolean active() {
        return ingest != null;
    }

    /** The connection and the lag, or empty when this process does not run the firehose. */
    public Optional<FirehoseHealth> health() {
        StreamIngest running = ingest;
        if (running == null) {
            return Optional.empty();
        }
        TailMonitor.Lag lag = monitor.lag();
        return Optional.of(new FirehoseHealth(running.status().connected(), lag.receivedSeq(), lag.appliedSeq(),
                lag.events(), lag.seconds()));
    }

    /**
     * The firehose's part of {@code /health}.
     *
     * @param connected whether the ingest is connected to the relay now
     * @param receivedSeq the seq of the last entry journalled, or null when the journal is empty
     * @param appliedSeq the seq of the last entry the tail committed, or null before its first commit
     * @param lagEvents seqs journalled and not applied yet
     * @param lagSeconds how long ago the last applied entry was received, while the journal holds newer ones; 0
     *     when the tail has applied everything
     */
    public record FirehoseHealth(boolean connected, Long receivedSeq, Long appliedSeq, long lagEvents,
            double lagSeconds) {}
}
