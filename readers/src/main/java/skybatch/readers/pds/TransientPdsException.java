package skybatch.readers.pds;

/** A failure worth retrying: a network error, a timeout, a 5xx or a 429. */
public class TransientPdsException extends RuntimeException {

    TransientPdsException(String message, Throwable cause) {
        super(message, cause);
    }
}
