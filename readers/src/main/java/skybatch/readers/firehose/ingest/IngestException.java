package skybatch.readers.firehose.ingest;

/** The ingest cannot go on without an operator: the stream broke its ordering, or its address is not allowed. */
public class IngestException extends RuntimeException {

    public IngestException(String message) {
        super(message);
    }
}
