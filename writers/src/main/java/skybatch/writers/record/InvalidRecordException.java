package skybatch.writers.record;

/** A record the app-view would not index: a required field is missing or of the wrong type, or a rule fails. */
public class InvalidRecordException extends RuntimeException {

    public InvalidRecordException(String message) {
        super(message);
    }
}
