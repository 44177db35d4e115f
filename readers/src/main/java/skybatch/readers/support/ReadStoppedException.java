package skybatch.readers.support;

/**
 * A read given up because its run is stopping (see {@link StopRequest}): not bad input and not a failure of the
 * source, so nothing is to be marked failed for it; the run is restarted from its last commit.
 */
public class ReadStoppedException extends RuntimeException {

    public ReadStoppedException(String message, Throwable cause) {
        super(message, cause);
    }
}
