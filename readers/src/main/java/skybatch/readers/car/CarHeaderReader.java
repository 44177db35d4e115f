package skybatch.readers.car;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import skybatch.readers.cbor.DagCborDecoder;
import skybatch.readers.cbor.DagCborException;
import skybatch.readers.cid.Cid;
import skybatch.readers.cid.Varint;

/**
 * Reads a CAR header and leaves the stream at the first block section. A CARv1 header is a varint length and a
 * DAG-CBOR map {@code {version: 1, roots: [cid...]}}. A CARv2 file starts with the pragma {@code {version: 2}} in
 * the same framing, then a fixed 40-byte header (16 bytes of characteristics, then little-endian u64 data offset,
 * data size and index offset); its data is a complete CARv1 at the data offset, which is read in its place.
 */
final class CarHeaderReader {

    /** Headers are a few dozen bytes; a larger length means a corrupt file, not a reason to allocate. */
    static final int MAX_HEADER_LENGTH = 1 << 20;

    private static final int V2_HEADER_LENGTH = 40;
    private static final int V2_CHARACTERISTICS_LENGTH = 16;

    private CarHeaderReader() {}

    static CarHeader read(CountingInputStream in) throws IOException {
        long start = in.position();
        Map<String, Object> first = readHeaderMap(in);
        long version = version(first, start);
        if (version == 1) {
            return new CarHeader(1, roots(first, start));
        }
        if (version == 2) {
            if (first.size() != 1) {
                throw new CarException("CARv2 pragma must hold only the version", start);
            }
            skipToInnerCar(in);
            long innerStart = in.position();
            Map<String, Object> inner = readHeaderMap(in);
            if (version(inner, innerStart) != 1) {
                throw new CarException("CARv2 data must be a CARv1", innerStart);
            }
            return new CarHeader(2, roots(inner, innerStart));
        }
        throw new CarException("unsupported CAR version " + version, start);
    }

    private static Map<String, Object> readHeaderMap(CountingInputStream in) throws IOException {
        long start = in.position();
        long length;
        try {
            length = Varint.read(in);
        } catch (Varint.InvalidVarintException | EOFException e) {
            throw new CarException("invalid header length: " + e.getMessage(), start);
        }
        if (length <= 0 || length > MAX_HEADER_LENGTH) {
            throw new CarException(length < 0 ? "empty input, no CAR header" : "invalid header length " + length, start);
        }
        long bodyStart = in.position();
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new CarException("header truncated: " + body.length + " of " + length + " bytes", bodyStart);
        }
        try {
            return DagCborDecoder.decodeMap(body);
        } catch (DagCborException e) {
            throw new CarException("invalid header data: " + e.getMessage(), bodyStart + e.offset(), e);
        }
    }

    private static long version(Map<String, Object> header, long offset) throws CarException {
        if (!(header.get("version") instanceof Long version)) {
            throw new CarException("header has no integer version", offset);
        }
        return version;
    }

    private static List<Cid> roots(Map<String, Object> header, long offset) throws CarException {
        if (!(header.get("roots") instanceof List<?> list)) {
            throw new CarException("CARv1 header has no roots list", offset);
        }
        List<Cid> roots = new ArrayList<>(list.size());
        for (Object root : list) {
            if (!(root instanceof Cid cid)) {
                throw new CarException("CARv1 header root is not a CID: " + root, offset);
            }
            roots.add(cid);
        }
        return roots;
    }

    private static void skipToInnerCar(CountingInputStream in) throws IOException {
        long start = in.position();
        byte[] fixed = in.readNBytes(V2_HEADER_LENGTH);
        if (fixed.length < V2_HEADER_LENGTH) {
            throw new CarException("CARv2 header truncated", start);
        }
        ByteBuffer fields = ByteBuffer.wrap(fixed, V2_CHARACTERISTICS_LENGTH, 16).order(ByteOrder.LITTLE_ENDIAN);
        long dataOffset = fields.getLong();
        long dataSize = fields.getLong();
        long headerEnd = in.position();
        if (dataOffset < headerEnd || dataSize <= 0 || dataOffset + dataSize < dataOffset) {
            throw new CarException("CARv2 data offset " + dataOffset + " and size " + dataSize + " are invalid", start);
        }
        try {
            in.skipNBytes(dataOffset - headerEnd);
        } catch (EOFException e) {
            throw new CarException("CARv2 data offset " + dataOffset + " is past the end of the file", start);
        }
        in.limitTo(dataOffset + dataSize);
    }
}
