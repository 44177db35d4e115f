package skybatch.readers.cid;

import java.util.Arrays;

/** RFC 4648 base32, lower-case alphabet and no padding: the body of multibase 'b' strings. */
public final class Base32 {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = (byte) i;
        }
    }

    private Base32() {}

    public static String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out.append(ALPHABET[(buffer >>> bits) & 31]);
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    /**
     * Decodes {@code text} from {@code start}. Rejects characters outside the lower-case alphabet, a length no
     * encoding produces, and non-zero bits in the unused tail, so each byte string has exactly one encoding.
     */
    public static byte[] decode(CharSequence text, int start) {
        int chars = text.length() - start;
        int tailBits = chars * 5 % 8;
        if (tailBits >= 5) {
            throw new IllegalArgumentException("base32 text of " + chars + " characters is not a whole number of bytes");
        }
        byte[] out = new byte[chars * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            int value = c < 128 ? VALUES[c] : -1;
            if (value < 0) {
                throw new IllegalArgumentException("invalid base32 character '" + c + "' at index " + i);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[n++] = (byte) (buffer >>> bits);
            }
        }
        if ((buffer & ((1 << bits) - 1)) != 0) {
            throw new IllegalArgumentException("base32 text has non-zero padding bits");
        }
        return out;
    }
}
