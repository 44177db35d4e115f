package skybatch.readers.cid;

import java.util.Arrays;

/**
 * A CIDv1 content identifier: {@code <version 1><codec><multihash code><digest length><digest>}, each number an
 * unsigned varint. atproto creates dag-cbor ({@link #DAG_CBOR}) and raw ({@link #RAW}) CIDs over sha2-256; other
 * codecs and hash functions are carried through when read, since links in generic IPLD data may use them.
 * CIDv0 (a bare sha2-256 multihash, "Qm..." in base58) is rejected: atproto never produces it.
 *
 * <p>The string form is multibase base32 ('b', lower case, no padding), e.g. {@code bafyrei...}. Instances are
 * immutable; equality is equality of the binary form.
 */
public final class Cid {

    public static final long DAG_CBOR = 0x71;
    public static final long RAW = 0x55;

    private static final char MULTIBASE_BASE32 = 'b';
    private static final int VERSION = 1;

    private final byte[] bytes;
    private final long codec;
    private final long hashFunction;
    private final int digestOffset;
    private String string;

    private Cid(byte[] bytes, long codec, long hashFunction, int digestOffset) {
        this.bytes = bytes;
        this.codec = codec;
        this.hashFunction = hashFunction;
        this.digestOffset = digestOffset;
    }

    /** The CIDv1 of {@code data} under {@code codec}, hashed with sha2-256 as atproto does. */
    public static Cid compute(long codec, byte[] data) {
        return of(codec, HashFunction.SHA2_256, HashFunction.SHA2_256.digest(data));
    }

    static Cid of(long codec, HashFunction function, byte[] digest) {
        byte[] out = new byte[Varint.encodedLength(VERSION) + Varint.encodedLength(codec)
                + Varint.encodedLength(function.code()) + Varint.encodedLength(digest.length) + digest.length];
        int at = Varint.encode(VERSION, out, 0);
        at = Varint.encode(codec, out, at);
        at = Varint.encode(function.code(), out, at);
        at = Varint.encode(digest.length, out, at);
        System.arraycopy(digest, 0, out, at, digest.length);
        return new Cid(out, codec, function.code(), at);
    }

    /** Parses the base32 string form. */
    public static Cid parse(String text) {
        if (text.startsWith("Qm")) {
            throw new InvalidCidException("CIDv0 is not supported: " + text);
        }
        if (text.isEmpty() || text.charAt(0) != MULTIBASE_BASE32) {
            throw new InvalidCidException("CID string must be multibase base32 starting with 'b': " + text);
        }
        try {
            return fromBytes(Base32.decode(text, 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidCidException("invalid CID '" + text + "': " + e.getMessage());
        }
    }

    /** Reads a binary CID that fills {@code bytes} exactly. */
    public static Cid fromBytes(byte[] bytes) {
        Cid cid = decode(bytes, 0, bytes.length);
        if (cid.byteLength() != bytes.length) {
            throw new InvalidCidException((bytes.length - cid.byteLength()) + " bytes after the CID");
        }
        return cid;
    }

    /**
     * Reads the binary CID that starts at {@code offset}; data may follow it before {@code end}. The CID occupies
     * {@link #byteLength()} bytes.
     */
    public static Cid decode(byte[] src, int offset, int end) {
        try {
            if (end - offset >= 2 && src[offset] == 0x12 && src[offset + 1] == 0x20) {
                throw new InvalidCidException("CIDv0 is not supported");
            }
            int at = offset;
            long version = Varint.decode(src, at, end);
            at += Varint.encodedLength(version);
            if (version != VERSION) {
                throw new InvalidCidException("unsupported CID version " + version);
            }
            long codec = Varint.decode(src, at, end);
            at += Varint.encodedLength(codec);
            long function = Varint.decode(src, at, end);
            at += Varint.encodedLength(function);
            long digestLength = Varint.decode(src, at, end);
            at += Varint.encodedLength(digestLength);
            if (digestLength > end - at) {
                throw new InvalidCidException("digest of " + digestLength + " bytes but only " + (end - at) + " left");
            }
            int length = at - offset + (int) digestLength;
            return new Cid(Arrays.copyOfRange(src, offset, offset + length), codec, function, at - offset);
        } catch (Varint.InvalidVarintException e) {
            throw new InvalidCidException("invalid CID: " + e.getMessage());
        }
    }

    public long codec() {
        return codec;
    }

    /** The multihash function code, e.g. 0x12 for sha2-256. */
    public long hashFunction() {
        return hashFunction;
    }

    public byte[] digest() {
        return Arrays.copyOfRange(bytes, digestOffset, bytes.length);
    }

    /** Length of the binary form. */
    public int byteLength() {
        return bytes.length;
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    /**
     * Whether {@code data} hashes to this CID's digest.
     *
     * @throws UnsupportedOperationException if this package cannot compute the CID's hash function
     */
    public boolean matches(byte[] data) {
        byte[] actual = HashFunction.ofCode(hashFunction).digest(data);
        return Arrays.equals(actual, 0, actual.length, bytes, digestOffset, bytes.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cid other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        if (string == null) {
            string = MULTIBASE_BASE32 + Base32.encode(bytes);
        }
        return string;
    }
}
