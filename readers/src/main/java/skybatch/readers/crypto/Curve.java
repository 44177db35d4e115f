package skybatch.readers.crypto;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;

/** The two elliptic curves atproto signs with, and their multicodec codes for public keys. */
public enum Curve {
    /** secp256k1, "K-256" or ES256K. The JDK no longer ships it, hence BouncyCastle. */
    K256("secp256k1", 0xe7),
    /** NIST P-256 (secp256r1), ES256. */
    P256("secp256r1", 0x1200);

    private final ECDomainParameters domain;
    private final BigInteger halfOrder;
    private final long multicodec;

    Curve(String name, long multicodec) {
        X9ECParameters params = CustomNamedCurves.getByName(name);
        this.domain = new ECDomainParameters(params);
        this.halfOrder = params.getN().shiftRight(1);
        this.multicodec = multicodec;
    }

    ECDomainParameters domain() {
        return domain;
    }

    /** n/2: atproto accepts only signatures whose s is at most this ("low-S"). */
    BigInteger halfOrder() {
        return halfOrder;
    }

    /** The multicodec code of a compressed public key on this curve (secp256k1-pub, p256-pub). */
    public long multicodec() {
        return multicodec;
    }

    static Curve ofMulticodec(long code) {
        for (Curve curve : values()) {
            if (curve.multicodec == code) {
                return curve;
            }
        }
        throw new InvalidPublicKeyException("unsupported key type, multicodec 0x" + Long.toHexString(code));
    }
}
