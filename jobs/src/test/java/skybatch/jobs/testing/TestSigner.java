package skybatch.jobs.testing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;
import skybatch.readers.crypto.Curve;
import skybatch.readers.crypto.PublicKey;

/** A K-256 key made from a name, that signs as atproto does: deterministic ECDSA over SHA-256, low-S, r‖s. */
public final class TestSigner {

    private static final X9ECParameters K256 = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(K256.getCurve(), K256.getG(),
            K256.getN(), K256.getH());

    private final BigInteger secret;
    private final PublicKey publicKey;

    public TestSigner(String name) {
        this.secret = new BigInteger(1, sha256(name.getBytes(StandardCharsets.UTF_8))).mod(K256.getN());
        this.publicKey = PublicKey.fromBytes(Curve.K256, K256.getG().multiply(secret).normalize().getEncoded(true));
    }

    /** The public key as a did:key, as actor_identity.signing_key holds it. */
    public String didKey() {
        return publicKey.toDidKey();
    }

    /** The secret key as 64 hex digits, for tools that sign as this key (bench/appview's service tokens). */
    public String privateKeyHex() {
        return HexFormat.of().formatHex(BigIntegers.asUnsignedByteArray(32, secret));
    }

    public byte[] sign(byte[] message) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(secret, DOMAIN));
        BigInteger[] rs = signer.generateSignature(sha256(message));
        BigInteger s = rs[1].min(K256.getN().subtract(rs[1]));
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
