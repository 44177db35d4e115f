package skybatch.readers.cbor;

import java.util.Arrays;

/**
 * DAG-CBOR's canonical map key order over UTF-8 key bytes: shorter keys first, equal lengths bytewise (RFC 7049
 * section 3.9). It differs from String order: "b" sorts before "aa".
 */
final class MapKeyOrder {

    private MapKeyOrder() {}

    /** Compares {@code a[aFrom, aTo)} with {@code b[bFrom, bTo)}. */
    static int compare(byte[] a, int aFrom, int aTo, byte[] b, int bFrom, int bTo) {
        int byLength = Integer.compare(aTo - aFrom, bTo - bFrom);
        return byLength != 0 ? byLength : Arrays.compareUnsigned(a, aFrom, aTo, b, bFrom, bTo);
    }

    static int compare(byte[] a, byte[] b) {
        return compare(a, 0, a.length, b, 0, b.length);
    }
}
