package skybatch.readers.cid;

/** Text or bytes that are not a CID this package accepts. */
public class InvalidCidException extends IllegalArgumentException {

    public InvalidCidException(String message) {
        super(message);
    }
}
