package skybatch.readers.labels;

/** A label that cannot be applied: malformed, from another labeler than the stream's, or badly signed. */
public class InvalidLabelException extends IllegalArgumentException {

    public InvalidLabelException(String message) {
        super(message);
    }
}
