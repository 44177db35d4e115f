package skybatch.readers.crypto;

import java.util.Arrays;

/** Bitcoin's base58 alphabet, the body of multibase 'z' strings such as did:key identifiers. */
public final class Base58 {

    private static final char[] ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = (byte) i;
        }
    }

    private Base58() {}

    public static String encode(byte[] data) {
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) {
            zeros++;
        }
        // Repeated division of the big-endian number by 58, collecting remainders as little-endian digits.
        byte[] number = data.clone();
        char[] digits = new char[data.length * 2];
        int n = digits.length;
        for (int start = zeros; start < number.length; ) {
            int remainder = 0;
            for (int i = start; i < number.length; i++) {
                int value = (remainder << 8) | (number[i] & 0xff);
                number[i] = (byte) (value / 58);
                remainder = value % 58;
            }
            digits[--n] = ALPHABET[remainder];
            while (start < number.length && number[start] == 0) {
                start++;
            }
        }
        return "1".repeat(zeros) + new String(digits, n, digits.length - n);
    }

    public static byte[] decode(String text) {
        int zeros = 0;
        while (zeros < text.length() && text.charAt(zeros) == '1') {
            zeros++;
        }
        // Big-endian base-256 accumulator, multiplied by 58 per digit.
        byte[] number = new byte[text.length()];
        int used = 0;
        for (int i = zeros; i < text.length(); i++) {
            char c = text.charAt(i);
            int carry = c < 128 ? VALUES[c] : -1;
            if (carry < 0) {
                throw new IllegalArgumentException("invalid base58 character '" + c + "' at index " + i);
            }
            for (int j = number.length - 1; j >= number.length - used || carry != 0; j--) {
                int value = (number[j] & 0xff) * 58 + carry;
                number[j] = (byte) value;
                carry = value >>> 8;
                used = Math.max(used, number.length - j);
            }
        }
        byte[] out = new byte[zeros + used];
        System.arraycopy(number, number.length - used, out, zeros, used);
        return out;
    }
}
