package skybatch.readers.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECLookupTable;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointPreCompInfo;
import org.bouncycastle.math.ec.FixedPointUtil;
import org.bouncycastle.math.raw.Nat;
import org.bouncycastle.util.BigIntegers;
import skybatch.readers.cid.HashFunction;

/**
 * Verifies atproto signatures (as {@link PublicKey#verify}: ECDSA over SHA-256, 64-byte {@code r || s}, low-S) of
 * ONE key that checks many of them, such as a labeler's. A K-256 key is checked by libsecp256k1 as
 * {@link PublicKey#verify} does (0.4× the CPU of the tables below, measured in one run), where that loads. Else
 * (P-256, or K-256 without libsecp256k1) BouncyCastle's fixed-point comb tables (FixedPointUtil) are computed once
 * for the key and for the curve's generator, and {@code u1·G + u2·Q} is one comb pass over both tables with
 * variable-time lookups (everything in a verification is public), about 43 doublings and 86 additions where
 * BouncyCastle's general ECDSA verification makes 128 doublings (GLV) or 256 (P-256). Thread-safe.
 */
public final class FixedKeyVerifier {

    private static final int SIGNATURE_LENGTH = 64;

    private final PublicKey key;
    /** The comb tables; null where {@link PublicKey#verify} is faster (libsecp256k1). */
    private final Tables tables;

    private FixedKeyVerifier(PublicKey key, Tables tables) {
        this.key = key;
        this.tables = tables;
    }

    /** The verifier for {@code key}: libsecp256k1's for K-256 where it loads, else the comb tables (a few ms). */
    public static FixedKeyVerifier of(PublicKey key) {
        return new FixedKeyVerifier(key, key.verifiedNatively() ? null : new Tables(key));
    }

    /** The comb tables' verifier whatever the curve (to compare both ways of checking). */
    static FixedKeyVerifier comb(PublicKey key) {
        return new FixedKeyVerifier(key, new Tables(key));
    }

    public PublicKey key() {
        return key;
    }

    /** Whether {@code signature} (64-byte r||s, low-S) signs {@code message} with this key. */
    public boolean verify(byte[] message, byte[] signature) {
        return tables == null ? key.verify(message, signature) : tables.verify(message, signature);
    }

    /** The comb tables of the key and of the generator, and the check that goes through them. */
    private static final class Tables {
        private final ECDomainParameters domain;
        private final BigInteger order;
        private final BigInteger halfOrder;
        private final Comb generator;
        private final Comb point;
        private final int combSize;

        Tables(PublicKey key) {
            this.domain = key.curve().domain();
            this.order = domain.getN();
            this.halfOrder = key.curve().halfOrder();
            ECCurve curve = domain.getCurve();
            this.combSize = FixedPointUtil.getCombSize(curve);
            this.generator = new Comb(FixedPointUtil.precompute(domain.getG()));
            this.point = new Comb(FixedPointUtil.precompute(curve.decodePoint(key.compressed())));
            if (generator.width != point.width) {
                throw new IllegalStateException("comb widths differ: " + generator.width + " and " + point.width);
            }
        }

        boolean verify(byte[] message, byte[] signature) {
            if (signature.length != SIGNATURE_LENGTH) {
                return false;
            }
            BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
            if (r.signum() == 0 || r.compareTo(order) >= 0 || s.signum() == 0 || s.compareTo(halfOrder) > 0) {
                return false;
            }
            BigInteger e = hashToInteger(HashFunction.SHA2_256.digest(message));
            BigInteger w = BigIntegers.modOddInverseVar(order, s);
            BigInteger u1 = e.multiply(w).mod(order);
            BigInteger u2 = r.multiply(w).mod(order);
            ECPoint sum = sumOfMultiplies(u1, u2).normalize();
            return !sum.isInfinity() && sum.getAffineXCoord().toBigInteger().mod(order).equals(r);
        }

        /** u1·G + u2·Q in one comb pass: each step doubles once and adds one entry of each table. */
        private ECPoint sumOfMultiplies(BigInteger u1, BigInteger u2) {
            int width = point.width;
            int d = (combSize + width - 1) / width;
            int fullComb = d * width;
            int[] k1 = Nat.fromBigInteger(fullComb, u1);
            int[] k2 = Nat.fromBigInteger(fullComb, u2);
            int top = fullComb - 1;
            ECPoint sum = domain.getCurve().getInfinity();
            for (int i = 0; i < d; ++i) {
                int index1 = 0;
                int index2 = 0;
                for (int j = top - i; j >= 0; j -= d) {
                    index1 = (index1 << 1) | ((k1[j >>> 5] >>> (j & 0x1F)) & 1);
                    index2 = (index2 << 1) | ((k2[j >>> 5] >>> (j & 0x1F)) & 1);
                }
                sum = sum.twicePlus(generator.table.lookupVar(index1)).add(point.table.lookupVar(index2));
            }
            // each table's entries carry an offset, which its precomputed correction takes off again
            return sum.add(generator.offset).add(point.offset);
        }

        /** The hash as an integer of the order's bit length (SHA-256 and 256-bit orders: all of it). */
        private BigInteger hashToInteger(byte[] hash) {
            BigInteger e = new BigInteger(1, hash);
            int excess = hash.length * 8 - order.bitLength();
            return excess > 0 ? e.shiftRight(excess) : e;
        }
    }

    private record Comb(ECLookupTable table, ECPoint offset, int width) {
        Comb(FixedPointPreCompInfo info) {
            this(info.getLookupTable(), info.getOffset(), info.getWidth());
        }
    }
}
