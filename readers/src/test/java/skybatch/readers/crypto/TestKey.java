package skybatch.readers.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

/**
 * A K-256 or P-256 key made from a name, for tests, that signs as atproto does: deterministic ECDSA over SHA-256,
 * low-S, r‖s.
 */
public final class TestKey {

    private final Curve curve;
    private final BigInteger secret;
    private final PublicKey publicKey;

    public TestKey(Curve curve, String name) {
        this.curve = curve;
        BigInteger order = curve.domain().getN();
        this.secret = new BigInteger(1, sha256(name.getBytes(StandardCharsets.UTF_8))).mod(order);
        this.publicKey = PublicKey.fromBytes(curve, curve.domain().getG().multiply(secret).normalize()
                .getEncoded(true));
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The secret key as 64 hex digits, for tools that sign as this key (bench/appview's service tokens). */
    public String privateKeyHex() {
        return java.util.HexFormat.of().formatHex(BigIntegers.asUnsignedByteArray(32, secret));
    }

    /** The public key as a did:key. */
    public String didKey() {
        return publicKey.toDidKey();
    }

    public byte[] sign(byte[] message) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(secret, curve.domain()));
        BigInteger[] rs = signer.generateSignature(sha256(message));
        BigInteger s = rs[1].min(curve.domain().getN().subtract(rs[1]));
        byte[] signature = new byte[64];
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, rs[0]), 0, signature, 0, 32);
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, s), 0, signature, 32, 32);
        return signature;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
