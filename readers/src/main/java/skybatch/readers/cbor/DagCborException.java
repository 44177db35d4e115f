package skybatch.readers.cbor;

/** Bytes that are not canonical DAG-CBOR within the atproto data model, with where the problem was found. */
public class DagCborException extends DataModelException {

    private final String problem;
    private final long offset;

    public DagCborException(String problem, long offset) {
        super(problem + " at byte offset " + offset);
        this.problem = problem;
        this.offset = offset;
    }

    /** What is wrong, without where. */
    public String problem() {
        return problem;
    }

    /** Offset from the start of the decoded bytes of the item (or byte) at fault. */
    public long offset() {
        return offset;
    }
}
