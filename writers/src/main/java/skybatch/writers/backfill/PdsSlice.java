package skybatch.writers.backfill;

/**
 * One of the {@code of} equal shares of a PDS's queued repositories: those whose DID hashes to {@code index}
 * (the hash the local shares use too).
 */
public record PdsSlice(String pds, int index, int of) {

    public PdsSlice {
        if (of < 1 || index < 0 || index >= of) {
            throw new IllegalArgumentException("slice " + index + " of " + of + " of " + pds);
        }
    }
}
