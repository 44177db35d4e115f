package skybatch.readers.cbor;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import skybatch.readers.cid.Cid;

/**
 * Encodes a data model value (the types {@link DagCborDecoder} produces; {@link Integer} is accepted as well) as
 * canonical DAG-CBOR: shortest-form heads, definite lengths, map keys in {@link MapKeyOrder}, links as tag 42. A
 * value outside the data model, floats included, is refused with a {@link DataModelException}.
 */
public final class DagCborEncoder {

    private static final BigInteger MAX_UNSIGNED = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger MIN_NEGATIVE = BigInteger.ONE.shiftLeft(64).negate();

    private byte[] out = new byte[128];
    private int size;

    private DagCborEncoder() {}

    public static byte[] encode(Object value) {
        DagCborEncoder encoder = new DagCborEncoder();
        encoder.write(value, 0);
        return Arrays.copyOf(encoder.out, encoder.size);
    }

    private void write(Object value, int depth) {
        if (depth > DagCborDecoder.MAX_DEPTH) {
            throw new DataModelException("nesting deeper than " + DagCborDecoder.MAX_DEPTH);
        }
        if (value == null) {
            writeByte(0xf6);
        } else if (value instanceof Boolean b) {
            writeByte(b ? 0xf5 : 0xf4);
        } else if (value instanceof Long || value instanceof Integer) {
            writeInteger(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            writeBigInteger(big);
        } else if (value instanceof String s) {
            writeText(Utf8.encode(s));
        } else if (value instanceof byte[] bytes) {
            writeHead(2, bytes.length);
            writeRaw(bytes);
        } else if (value instanceof Cid cid) {
            writeLink(cid);
        } else if (value instanceof List<?> list) {
            writeHead(4, list.size());
            for (Object item : list) {
                write(item, depth + 1);
            }
        } else if (value instanceof Map<?, ?> map) {
            writeMap(map, depth);
        } else if (value instanceof Double || value instanceof Float) {
            throw new DataModelException("floating-point numbers are not allowed in the atproto data model: " + value);
        } else {
            throw new DataModelException("not a data model type: " + value.getClass().getName());
        }
    }

    private void writeInteger(long value) {
        if (value >= 0) {
            writeHead(0, value);
        } else {
            writeHead(1, -1 - value);
        }
    }

    /** Rejects integers CBOR cannot hold: below -2^64 or above 2^64-1. */
    static void checkRange(BigInteger value) {
        if (value.compareTo(MAX_UNSIGNED) > 0 || value.compareTo(MIN_NEGATIVE) < 0) {
            throw new DataModelException("integer " + value + " does not fit in 64 bits plus sign");
        }
    }

    private void writeBigInteger(BigInteger value) {
        checkRange(value);
        if (value.signum() >= 0) {
            writeHead(0, value.longValue());
        } else {
            // longValue() keeps the low 64 bits: the unsigned argument -1 - value.
            writeHead(1, BigInteger.ONE.negate().subtract(value).longValue());
        }
    }

    private void writeLink(Cid cid) {
        byte[] bytes = cid.toBytes();
        writeHead(6, 42);
        writeHead(2, bytes.length + 1);
        writeByte(0);
        writeRaw(bytes);
    }

    private void writeMap(Map<?, ?> map, int depth) {
        List<Entry> entries = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new DataModelException("map keys must be strings, not " + e.getKey());
            }
            entries.add(new Entry(Utf8.encode(key), e.getValue()));
        }
        entries.sort((a, b) -> MapKeyOrder.compare(a.key, b.key));
        writeHead(5, entries.size());
        for (Entry entry : entries) {
            writeText(entry.key);
            write(entry.value, depth + 1);
        }
    }

    private void writeText(byte[] utf8) {
        writeHead(3, utf8.length);
        writeRaw(utf8);
    }

    /** Writes a head with the shortest argument encoding; {@code argument} is read as unsigned. */
    private void writeHead(int major, long argument) {
        int type = major << 5;
        if (argument >= 0 && argument < 24) {
            writeByte(type | (int) argument);
        } else if (argument >= 0 && argument < 1L << 8) {
            writeByte(type | 24);
            writeBigEndian(argument, 1);
        } else if (argument >= 0 && argument < 1L << 16) {
            writeByte(type | 25);
            writeBigEndian(argument, 2);
        } else if (argument >= 0 && argument < 1L << 32) {
            writeByte(type | 26);
            writeBigEndian(argument, 4);
        } else {
            writeByte(type | 27);
            writeBigEndian(argument, 8);
        }
    }

    private void writeBigEndian(long value, int bytes) {
        ensure(bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out[size++] = (byte) (value >>> (8 * i));
        }
    }

    private void writeByte(int b) {
        ensure(1);
        out[size++] = (byte) b;
    }

    private void writeRaw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, out, size, bytes.length);
        size += bytes.length;
    }

    private void ensure(int more) {
        if (out.length - size < more) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, size + more));
        }
    }

    private record Entry(byte[] key, Object value) {}
}
