package skybatch.readers.plc;

/**
 * One of {@code count} disjoint shares of the export's DIDs, so that several workers can import one file at
 * once, each writing its own DIDs in their export order. A line's DID is found by a plain text search, before any
 * JSON parsing, so a worker skips the other shares' lines cheaply. A line without a findable DID belongs to share
 * 0, which quarantines it once.
 */
public record DidPartition(int index, int count) {

    public static final DidPartition ALL = new DidPartition(0, 1);
    private static final String DID_FIELD = "\"did\":\"";

    public DidPartition {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("partition " + index + " of " + count);
        }
    }

    public boolean owns(String line) {
        if (count == 1) {
            return true;
        }
        int start = line.indexOf(DID_FIELD);
        int end = start < 0 ? -1 : line.indexOf('"', start + DID_FIELD.length());
        if (end < 0) {
            return index == 0;
        }
        int hash = 0;
        for (int i = start + DID_FIELD.length(); i < end; i++) {
            hash = 31 * hash + line.charAt(i);
        }
        return Math.floorMod(hash, count) == index;
    }
}
