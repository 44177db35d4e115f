package skybatch.readers.firehose;

/** A firehose frame that is not a DAG-CBOR header followed by a DAG-CBOR body of the expected shape. */
public class InvalidFrameException extends IllegalArgumentException {

    private final long offset;

    public InvalidFrameException(String problem, long offset, Throwable cause) {
        super(problem + " at byte offset " + offset + " of the frame", cause);
        this.offset = offset;
    }

    /** Offset from the start of the frame of the item (or byte) at fault. */
    public long offset() {
        return offset;
    }
}
