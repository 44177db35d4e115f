package skybatch.readers.cbor;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import skybatch.readers.cid.Cid;
import skybatch.readers.cid.InvalidCidException;

/**
 * Decodes one DAG-CBOR value into the data model: {@code Map<String, Object>} (a {@link LinkedHashMap} in key
 * order), {@code List<Object>}, {@link String}, {@link Long} (or {@link BigInteger} outside the long range),
 * {@code byte[]}, {@link Boolean}, {@code null} and {@link Cid} for tag-42 links.
 *
 * <p>Only the canonical encoding is accepted, so that re-encoding a decoded value reproduces its bytes and CID:
 * shortest-form integers and lengths, definite lengths, string map keys in {@link MapKeyOrder} without duplicates,
 * no tag but 42, well-formed UTF-8, one top-level value with nothing after it. Floats and {@code undefined} are
 * rejected because atproto's data model has none. Errors are {@link DagCborException}s naming the byte offset.
 */
public final class DagCborDecoder {

    /** Deep enough for any real record; stops crafted input from exhausting the stack. */
    static final int MAX_DEPTH = 1024;

    private static final int MAJOR_UNSIGNED = 0;
    private static final int MAJOR_NEGATIVE = 1;
    private static final int MAJOR_BYTES = 2;
    private static final int MAJOR_TEXT = 3;
    private static final int MAJOR_ARRAY = 4;
    private static final int MAJOR_MAP = 5;
    private static final int MAJOR_TAG = 6;
    private static final int CID_TAG = 42;
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    private final byte[] in;
    private int pos;

    private DagCborDecoder(byte[] in, int from) {
        this.in = in;
        this.pos = from;
    }

    /** A value decoded from the front of a longer input, and the offset just past it. */
    public record Prefix(Object value, int end) {}

    public static Object decode(byte[] bytes) {
        Prefix prefix = decodePrefix(bytes, 0);
        if (prefix.end() != bytes.length) {
            throw new DagCborException((bytes.length - prefix.end()) + " bytes after the top-level value", prefix.end());
        }
        return prefix.value();
    }

    /**
     * Decodes the one value starting at {@code from} and leaves what follows it, as in a firehose frame (a header,
     * then a body). Error offsets count from the start of {@code bytes}.
     */
    public static Prefix decodePrefix(byte[] bytes, int from) {
        DagCborDecoder decoder = new DagCborDecoder(bytes, from);
        Object value = decoder.readValue(0);
        return new Prefix(value, decoder.pos);
    }

    /** Decodes a value that must be a map, as every atproto record, commit and MST node is. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> decodeMap(byte[] bytes) {
        Object value = decode(bytes);
        if (!(value instanceof Map)) {
            throw new DagCborException("expected a map at the top level", 0);
        }
        return (Map<String, Object>) value;
    }

    private Object readValue(int depth) {
        if (depth > MAX_DEPTH) {
            throw new DagCborException("nesting deeper than " + MAX_DEPTH, pos);
        }
        int start = pos;
        int initial = readByte();
        int major = initial >>> 5;
        int info = initial & 0x1f;
        if (major == 7) {
            return readSimple(start, info);
        }
        long argument = readArgument(start, info);
        switch (major) {
            case MAJOR_UNSIGNED:
                return argument >= 0 ? (Object) argument : unsigned(argument);
            case MAJOR_NEGATIVE:
                return argument >= 0 ? (Object) (-1 - argument) : BigInteger.ONE.negate().subtract(unsigned(argument));
            case MAJOR_BYTES:
                return readBytes(start, argument);
            case MAJOR_TEXT:
                return readText(start, argument);
            case MAJOR_ARRAY:
                return readArray(start, argument, depth);
            case MAJOR_MAP:
                return readMap(start, argument, depth);
            case MAJOR_TAG:
                return readLink(start, argument);
            default:
                throw new IllegalStateException("a 3-bit major type is 0 to 7");
        }
    }

    private Object readSimple(int start, int info) {
        switch (info) {
            case 20:
                return Boolean.FALSE;
            case 21:
                return Boolean.TRUE;
            case 22:
                return null;
            case 23:
                throw new DagCborException("'undefined' is not in the data model", start);
            case 25:
            case 26:
            case 27:
                throw new DagCborException("floating-point numbers are not allowed in the atproto data model", start);
            case 31:
                throw new DagCborException("unexpected 'break' (indefinite lengths are not allowed)", start);
            default:
                throw new DagCborException("unsupported simple value " + info, start);
        }
    }

    /** Reads the head's argument, which must use the shortest form; values of 2^63 and above come back negative. */
    private long readArgument(int start, int info) {
        if (info < 24) {
            return info;
        }
        long value;
        long minimum;
        switch (info) {
            case 24:
                value = readUnsigned(1);
                minimum = 24;
                break;
            case 25:
                value = readUnsigned(2);
                minimum = 1L << 8;
                break;
            case 26:
                value = readUnsigned(4);
                minimum = 1L << 16;
                break;
            case 27:
                value = readUnsigned(8);
                minimum = 1L << 32;
                break;
            case 31:
                throw new DagCborException("indefinite lengths are not allowed", start);
            default:
                throw new DagCborException("reserved additional information " + info, start);
        }
        if (Long.compareUnsigned(value, minimum) < 0) {
            throw new DagCborException("integer or length " + value + " not in its shortest form", start);
        }
        return value;
    }

    private byte[] readBytes(int start, long length) {
        int n = checkLength(start, length);
        byte[] out = Arrays.copyOfRange(in, pos, pos + n);
        pos += n;
        return out;
    }

    private String readText(int start, long length) {
        int n = checkLength(start, length);
        String text = Utf8.decodeOrNull(in, pos, n);
        if (text == null) {
            throw new DagCborException("text string is not valid UTF-8", start);
        }
        pos += n;
        return text;
    }

    private List<Object> readArray(int start, long count, int depth) {
        // Every item takes at least one byte, so this bounds the allocation by the input's size.
        int n = checkLength(start, count);
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(readValue(depth + 1));
        }
        return list;
    }

    private Map<String, Object> readMap(int start, long count, int depth) {
        int n = checkLength(start, count);
        Map<String, Object> map = new LinkedHashMap<>(Math.max(4, n * 4 / 3 + 1));
        int previousFrom = -1;
        int previousTo = -1;
        for (int i = 0; i < n; i++) {
            int keyStart = pos;
            int head = readByte();
            if (head >>> 5 != MAJOR_TEXT) {
                throw new DagCborException("map keys must be text strings", keyStart);
            }
            long keyLength = readArgument(keyStart, head & 0x1f);
            int keyFrom = pos;
            String key = readText(keyStart, keyLength);
            if (previousFrom >= 0) {
                int order = MapKeyOrder.compare(in, previousFrom, previousTo, in, keyFrom, pos);
                if (order == 0) {
                    throw new DagCborException("duplicate map key \"" + key + "\"", keyStart);
                }
                if (order > 0) {
                    throw new DagCborException("map key \"" + key + "\" out of canonical order", keyStart);
                }
            }
            previousFrom = keyFrom;
            previousTo = pos;
            map.put(key, readValue(depth + 1));
        }
        return map;
    }

    private Cid readLink(int start, long tag) {
        if (tag != CID_TAG) {
            throw new DagCborException("tag " + Long.toUnsignedString(tag) + " is not allowed (only 42, CID links)", start);
        }
        int contentStart = pos;
        int head = readByte();
        if (head >>> 5 != MAJOR_BYTES) {
            throw new DagCborException("a CID link must hold a byte string", contentStart);
        }
        int n = checkLength(contentStart, readArgument(contentStart, head & 0x1f));
        // The leading 0x00 is the multibase prefix for raw binary, kept for historical reasons.
        if (n == 0 || in[pos] != 0) {
            throw new DagCborException("a CID link's bytes must start with 0x00", contentStart);
        }
        try {
            Cid cid = Cid.fromBytes(Arrays.copyOfRange(in, pos + 1, pos + n));
            pos += n;
            return cid;
        } catch (InvalidCidException e) {
            throw new DagCborException(e.getMessage(), contentStart);
        }
    }

    /** Checks that {@code length} bytes (or items of at least a byte) remain, and returns it as an int. */
    private int checkLength(int start, long length) {
        if (length < 0 || length > in.length - pos) {
            throw new DagCborException("length " + Long.toUnsignedString(length) + " runs past the end of input ("
                    + (in.length - pos) + " bytes left)", start);
        }
        return (int) length;
    }

    private int readByte() {
        if (pos >= in.length) {
            throw new DagCborException("unexpected end of input", pos);
        }
        return in[pos++] & 0xff;
    }

    private long readUnsigned(int bytes) {
        if (in.length - pos < bytes) {
            throw new DagCborException("unexpected end of input", in.length);
        }
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = (value << 8) | (in[pos++] & 0xff);
        }
        return value;
    }

    private static BigInteger unsigned(long value) {
        return BigInteger.valueOf(value).add(TWO_TO_64);
    }
}
