package skybatch.readers.cid;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Unsigned LEB128 varints as multiformats uses them: at most 9 bytes (63 bits) and always in their shortest form,
 * so a value has exactly one encoding and {@link #encodedLength(long)} tells how many bytes a decoded value took.
 */
public final class Varint {

    public static final int MAX_BYTES = 9;

    private Varint() {}

    /** Decodes the varint starting at {@code offset}; it must end before {@code end}. */
    public static long decode(byte[] src, int offset, int end) {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (offset + i >= end) {
                throw new InvalidVarintException("truncated varint");
            }
            int b = src[offset + i] & 0xff;
            value |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new InvalidVarintException("varint not in its shortest form");
                }
                return value;
            }
        }
        throw new InvalidVarintException("varint longer than " + MAX_BYTES + " bytes");
    }

    /**
     * Reads one varint from a stream.
     *
     * @return the value, or -1 if the stream ended before its first byte (a clean end of input)
     * @throws EOFException if the stream ends inside the varint
     */
    public static long read(InputStream in) throws IOException {
        byte[] buf = new byte[MAX_BYTES];
        for (int i = 0; i < MAX_BYTES; i++) {
            int b = in.read();
            if (b < 0) {
                if (i == 0) {
                    return -1;
                }
                throw new EOFException("input ends inside a varint");
            }
            buf[i] = (byte) b;
            if ((b & 0x80) == 0) {
                return decode(buf, 0, i + 1);
            }
        }
        throw new InvalidVarintException("varint longer than " + MAX_BYTES + " bytes");
    }

    public static int encodedLength(long value) {
        requireEncodable(value);
        int length = 1;
        while ((value >>>= 7) != 0) {
            length++;
        }
        return length;
    }

    /** Writes {@code value} at {@code offset} and returns the offset just after it. */
    public static int encode(long value, byte[] dst, int offset) {
        requireEncodable(value);
        while ((value & ~0x7fL) != 0) {
            dst[offset++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        dst[offset++] = (byte) value;
        return offset;
    }

    private static void requireEncodable(long value) {
        if (value < 0) {
            throw new InvalidVarintException("varints hold 0 to 2^63-1, not " + value);
        }
    }

    /** A byte sequence that is not a valid multiformats varint. */
    public static final class InvalidVarintException extends IllegalArgumentException {
        InvalidVarintException(String message) {
            super(message);
        }
    }
}
