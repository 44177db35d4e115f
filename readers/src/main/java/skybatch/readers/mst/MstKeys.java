package skybatch.readers.mst;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import skybatch.readers.cid.HashFunction;

/** Key arithmetic of the atproto Merkle Search Tree. */
public final class MstKeys {

    private MstKeys() {}

    /**
     * The layer a key sits on: the number of leading zero bits of sha256(key), counted in 2-bit groups, which gives
     * the tree a fan-out of about 4.
     */
    public static int height(String key) {
        byte[] hash = HashFunction.SHA2_256.digest(key.getBytes(StandardCharsets.UTF_8));
        int zeros = 0;
        for (byte b : hash) {
            if (b != 0) {
                zeros += Integer.numberOfLeadingZeros(b & 0xff) - 24;
                break;
            }
            zeros += 8;
        }
        return zeros / 2;
    }

    /** Length of the longest common prefix of two keys' bytes. */
    public static int commonPrefixLength(byte[] a, byte[] b) {
        int mismatch = Arrays.mismatch(a, b);
        return mismatch < 0 ? a.length : mismatch;
    }
}
