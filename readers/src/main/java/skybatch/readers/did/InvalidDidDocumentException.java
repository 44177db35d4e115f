package skybatch.readers.did;

/** A DID document that is not JSON or lacks what atproto needs from it. */
public class InvalidDidDocumentException extends RuntimeException {

    public InvalidDidDocumentException(String message) {
        super(message);
    }

    public InvalidDidDocumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
