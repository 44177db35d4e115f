package skybatch.readers.cbor;

/** A value, JSON document or encoding outside the atproto data model. */
public class DataModelException extends IllegalArgumentException {

    public DataModelException(String message) {
        super(message);
    }
}
