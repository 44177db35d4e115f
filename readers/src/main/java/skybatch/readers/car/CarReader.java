package skybatch.readers.car;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import skybatch.readers.cid.Cid;
import skybatch.readers.cid.InvalidCidException;
import skybatch.readers.cid.Varint;

/**
 * Streams the blocks of a CAR file (v1, or v2 by reading its inner v1) one at a time, so a large archive is never
 * held in memory. Each section is {@code varint(length) cid data}; every block's data is hashed and checked
 * against its CID before it is returned. Malformed input raises a {@link CarException} with the byte offset.
 *
 * <pre>{@code
 * try (CarReader car = CarReader.open(in)) {
 *     for (CarBlock block; (block = car.next()) != null; ) { ... }
 * }
 * }</pre>
 */
public final class CarReader implements Closeable {

    /** Larger than any block atproto or IPLD tooling writes; bounds what a corrupt length can make us allocate. */
    static final int MAX_SECTION_LENGTH = 8 << 20;

    private final CountingInputStream in;
    private final CarHeader header;

    private CarReader(CountingInputStream in, CarHeader header) {
        this.in = in;
        this.header = header;
    }

    /** Reads the header; the reader then owns {@code in} and closes it. */
    public static CarReader open(InputStream in) throws IOException {
        CountingInputStream counting = new CountingInputStream(new BufferedInputStream(in));
        try {
            return new CarReader(counting, CarHeaderReader.read(counting));
        } catch (IOException | RuntimeException e) {
            counting.close();
            throw e;
        }
    }

    public CarHeader header() {
        return header;
    }

    /** The next block, or null after the last one. */
    public CarBlock next() throws IOException {
        long start = in.position();
        long length;
        try {
            length = Varint.read(in);
        } catch (Varint.InvalidVarintException | EOFException e) {
            throw new CarException("invalid section length: " + e.getMessage(), start);
        }
        if (length < 0) {
            return null;
        }
        if (length == 0 || length > MAX_SECTION_LENGTH) {
            throw new CarException("invalid section length " + length, start);
        }
        long bodyStart = in.position();
        byte[] section = in.readNBytes((int) length);
        if (section.length < length) {
            throw new CarException("section truncated: " + section.length + " of " + length + " bytes", bodyStart);
        }
        return block(section, start, bodyStart);
    }

    private static CarBlock block(byte[] section, long start, long bodyStart) throws CarException {
        Cid cid;
        try {
            cid = Cid.decode(section, 0, section.length);
        } catch (InvalidCidException e) {
            throw new CarException("invalid section CID: " + e.getMessage(), bodyStart);
        }
        byte[] data = Arrays.copyOfRange(section, cid.byteLength(), section.length);
        boolean matches;
        try {
            matches = cid.matches(data);
        } catch (UnsupportedOperationException e) {
            throw new CarException("cannot verify block " + cid + ": " + e.getMessage(), start);
        }
        if (!matches) {
            throw new CarException("block data does not hash to its CID " + cid, start);
        }
        return new CarBlock(cid, data, start);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
