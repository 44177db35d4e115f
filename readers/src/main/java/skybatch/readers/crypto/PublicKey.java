package skybatch.readers.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;
import skybatch.readers.cid.HashFunction;
import skybatch.readers.cid.Varint;

/**
 * A K-256 or P-256 public key that verifies atproto signatures: ECDSA over SHA-256 of the message, as 64 bytes
 * {@code r || s} (not DER) with s in the lower half of the group order. A high-S signature, valid in plain ECDSA,
 * is refused because atproto requires the canonical low-S form to rule out malleated copies. K-256 signatures are
 * checked by libsecp256k1 ({@link Secp256k1Native}) where it loads, else, and P-256 ones, by BouncyCastle.
 *
 * <p>Keys are written as multikeys, {@code z<base58btc(varint(multicodec) || compressed point)>}, and as
 * {@code did:key:} followed by a multikey.
 */
public final class PublicKey {

    private static final String DID_KEY_PREFIX = "did:key:";
    private static final char MULTIBASE_BASE58 = 'z';
    private static final int SIGNATURE_LENGTH = 64;

    private final Curve curve;
    private final ECPoint point;
    /** The point uncompressed, as libsecp256k1 reads it without a square root. */
    private final byte[] uncompressed;

    private PublicKey(Curve curve, ECPoint point) {
        this.curve = curve;
        this.point = point;
        this.uncompressed = point.getEncoded(false);
    }

    /** A point in SEC1 form, compressed (33 bytes) or uncompressed (65 bytes), checked to be on the curve. */
    public static PublicKey fromBytes(Curve curve, byte[] sec1) {
        try {
            return new PublicKey(curve, curve.domain().getCurve().decodePoint(sec1));
        } catch (IllegalArgumentException e) {
            throw new InvalidPublicKeyException("not a " + curve + " point: " + e.getMessage(), e);
        }
    }

    /** Parses {@code did:key:z...}. */
    public static PublicKey fromDidKey(String didKey) {
        if (!didKey.startsWith(DID_KEY_PREFIX)) {
            throw new InvalidPublicKeyException("not a did:key: " + didKey);
        }
        return fromMultikey(didKey.substring(DID_KEY_PREFIX.length()));
    }

    /** Parses a multikey, {@code z} + base58btc of the multicodec varint and the compressed point. */
    public static PublicKey fromMultikey(String multikey) {
        byte[] bytes = base58Body(multikey);
        try {
            long code = Varint.decode(bytes, 0, bytes.length);
            int at = Varint.encodedLength(code);
            return fromBytes(Curve.ofMulticodec(code), Arrays.copyOfRange(bytes, at, bytes.length));
        } catch (Varint.InvalidVarintException e) {
            throw new InvalidPublicKeyException("multikey has no multicodec prefix: " + multikey, e);
        }
    }

    /**
     * Parses the {@code publicKeyMultibase} of a 2023-era DID document, where the verification method's type names
     * the curve and the base58 body is the bare point, often uncompressed.
     */
    public static PublicKey fromLegacyMultibase(Curve curve, String multibase) {
        return fromBytes(curve, base58Body(multibase));
    }

    public Curve curve() {
        return curve;
    }

    public byte[] compressed() {
        return point.getEncoded(true);
    }

    public String toMultikey() {
        byte[] key = compressed();
        byte[] bytes = new byte[Varint.encodedLength(curve.multicodec()) + key.length];
        int at = Varint.encode(curve.multicodec(), bytes, 0);
        System.arraycopy(key, 0, bytes, at, key.length);
        return MULTIBASE_BASE58 + Base58.encode(bytes);
    }

    public String toDidKey() {
        return DID_KEY_PREFIX + toMultikey();
    }

    /** Whether {@code signature} (64-byte r||s, low-S) signs {@code message} with this key. */
    public boolean verify(byte[] message, byte[] signature) {
        if (signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        if (s.compareTo(curve.halfOrder()) > 0) {
            return false;
        }
        byte[] hash = HashFunction.SHA2_256.digest(message);
        if (verifiedNatively()) {
            return Secp256k1Native.verify(uncompressed, hash, signature);
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(point, curve.domain()));
        return verifier.verifySignature(hash, r, s);
    }

    /** Whether {@link #verify} is done by libsecp256k1 (K-256 where it loads), faster than any table of the key. */
    boolean verifiedNatively() {
        return curve == Curve.K256 && Secp256k1Native.available();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicKey other && curve == other.curve && point.equals(other.point);
    }

    @Override
    public int hashCode() {
        return 31 * curve.hashCode() + point.hashCode();
    }

    @Override
    public String toString() {
        return toDidKey();
    }

    private static byte[] base58Body(String multibase) {
        if (multibase.isEmpty() || multibase.charAt(0) != MULTIBASE_BASE58) {
            throw new InvalidPublicKeyException("expected multibase base58btc ('z...'): " + multibase);
        }
        try {
            return Base58.decode(multibase.substring(1));
        } catch (IllegalArgumentException e) {
            throw new InvalidPublicKeyException(e.getMessage(), e);
        }
    }
}
