package skybatch.readers.firehose;

/** Reads a {@link Journal} forward from a position; one thread at a time. */
public interface JournalReader extends AutoCloseable {

    /** The next entry, or {@code null} when there is none yet (the caller polls; this never blocks). */
    JournalEntry next();

    @Override
    void close();
}
