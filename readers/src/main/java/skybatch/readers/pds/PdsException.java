package skybatch.readers.pds;

/** A request that failed for good: an answer retrying will not change, or a transient failure past the retries. */
public class PdsException extends RuntimeException {

    PdsException(String message, Throwable cause) {
        super(message, cause);
    }
}
