package skybatch.readers.plc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One of {@code count} disjoint shares of the export's DIDs, so that several workers can import one file at
 * once, each writing its own DIDs in their export order. A line's DID is found by a plain text search, before any
 * JSON parsing, so a worker skips the other shares' lines cheaply. A line without a findable DID belongs to share
 * 0, which quarantines it once.
 */
public record DidPartition(int index, int count) {

    public static final DidPartition ALL = new DidPartition(0, 1);
    private static final String DID_FIELD = "\"did\":\"";
    private static final byte[] DID_FIELD_BYTES = DID_FIELD.getBytes(StandardCharsets.US_ASCII);

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

    /**
     * Whether a line, still as its UTF-8 bytes, plainly belongs to another share: its DID is found and is ASCII, so
     * that its hash is the one {@link #owns(String)} computes from the decoded text. False when the bytes cannot
     * tell (no DID found, or one with other bytes): then the line is decoded and {@link #owns(String)} decides. Lets
     * a worker pass over the other shares' lines without decoding them.
     */
    boolean ownedElsewhere(byte[] line, int length) {
        if (count == 1) {
            return false;
        }
        int share = shareOf(line, length);
        return share >= 0 && share != index;
    }

    /** Whether a line of ASCII only, given as its bytes, is this share's: what {@link #owns(String)} says of its text. */
    boolean owns(byte[] line, int length) {
        if (count == 1) {
            return true;
        }
        int share = shareOf(line, length);
        return share >= 0 ? share == index : index == 0;
    }

    /** The share the line's DID gives it, from its bytes; -1 without a DID, or with one that holds other bytes than ASCII. */
    private int shareOf(byte[] line, int length) {
        int start = indexOf(line, length);
        if (start < 0) {
            return -1;
        }
        int hash = 0;
        for (int i = start + DID_FIELD_BYTES.length; i < length; i++) {
            byte b = line[i];
            if (b == '"') {
                return Math.floorMod(hash, count);
            }
            if (b < 0) {
                return -1;
            }
            hash = 31 * hash + b;
        }
        return -1;
    }

    private static int indexOf(byte[] line, int length) {
        byte first = DID_FIELD_BYTES[0];
        for (int i = 0, last = length - DID_FIELD_BYTES.length; i <= last; i++) {
            if (line[i] == first && Arrays.equals(line, i, i + DID_FIELD_BYTES.length, DID_FIELD_BYTES, 0,
                    DID_FIELD_BYTES.length)) {
                return i;
            }
        }
        return -1;
    }
}
