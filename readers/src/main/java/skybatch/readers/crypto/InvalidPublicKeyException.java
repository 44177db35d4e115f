package skybatch.readers.crypto;

/** A public key string or encoding that cannot be used. */
public class InvalidPublicKeyException extends IllegalArgumentException {

    public InvalidPublicKeyException(String message) {
        super(message);
    }

    public InvalidPublicKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
