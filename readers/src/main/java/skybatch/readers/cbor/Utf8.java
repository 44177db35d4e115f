package skybatch.readers.cbor;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 both ways. The JDK's {@code new String(bytes, UTF_8)} and {@code getBytes(UTF_8)} silently replace
 * malformed input, which would change a record's bytes and so its CID.
 */
final class Utf8 {

    private Utf8() {}

    /** Decodes {@code src[offset, offset + length)}, or returns null if it is not well-formed UTF-8. */
    static String decodeOrNull(byte[] src, int offset, int length) {
        if (isAscii(src, offset, length)) {
            return new String(src, offset, length, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(src, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Encodes {@code s}, rejecting unpaired surrogates, which have no UTF-8 form. */
    static byte[] encode(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new DataModelException("string has an unpaired UTF-16 surrogate at index " + i);
            }
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean isAscii(byte[] src, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (src[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
