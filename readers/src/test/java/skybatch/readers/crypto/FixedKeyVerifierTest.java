package skybatch.readers.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;
import skybatch.readers.cid.HashFunction;
import tools.jackson.databind.JsonNode;

/**
 * The verifier of one key, both ways (libsecp256k1 for K-256, and the comb tables for either curve), agrees with
 * {@link PublicKey#verify} on every input: for K-256 that compares libsecp256k1 with BouncyCastle's arithmetic.
 */
class FixedKeyVerifierTest {

    @Test
    void agreesWithTheInteropFixtures() {
        JsonNode fixtures = CryptoFixtures.json("atproto-interop-tests/crypto/signature-fixtures.json");
        assertThat(fixtures.size()).isEqualTo(6);
        int valid = 0;
        for (JsonNode f : fixtures) {
            for (FixedKeyVerifier verifier : bothWays(PublicKey.fromDidKey(f.get("publicKeyDid").stringValue()))) {
                byte[] message = Base64.getDecoder().decode(f.get("messageBase64").stringValue());
                byte[] signature = Base64.getDecoder().decode(f.get("signatureBase64").stringValue());

                boolean verified = verifier.verify(message, signature);

                assertThat(verified).as(f.get("comment").stringValue())
                        .isEqualTo(f.get("validSignature").booleanValue());
                valid += verified ? 1 : 0;
            }
        }
        assertThat(valid).isEqualTo(2 * 2);
    }

    @Test
    void agreesWithPublicKeyOnSignedTamperedAndMisplacedSignatures() {
        Random random = new Random(42);
        for (Curve curve : Curve.values()) {
            TestKey key = new TestKey(curve, "fixed-key-" + curve);
            TestKey other = new TestKey(curve, "another-key-" + curve);
            FixedKeyVerifier verifier = FixedKeyVerifier.comb(key.publicKey());
            int accepted = 0;
            for (int i = 0; i < 300; i++) {
                byte[] message = new byte[1 + random.nextInt(200)];
                random.nextBytes(message);
                byte[] signature = key.sign(message);
                byte[] tampered = message.clone();
                tampered[random.nextInt(tampered.length)] ^= (byte) (1 << random.nextInt(8));
                byte[] flipped = signature.clone();
                flipped[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
                for (byte[][] input : new byte[][][] {{message, signature}, {tampered, signature},
                        {message, flipped}, {message, other.sign(message)}}) {
                    boolean expected = key.publicKey().verify(input[0], input[1]);
                    assertThat(verifier.verify(input[0], input[1])).as("%s #%d", curve, i).isEqualTo(expected);
                    accepted += expected ? 1 : 0;
                }
            }
            assertThat(accepted).as("only the genuine signatures verify, " + curve).isEqualTo(300);
        }
    }

    @Test
    void refusesHighSZeroAndOutOfRangeValues() {
        for (Curve curve : Curve.values()) {
            TestKey key = new TestKey(curve, "edges-" + curve);
            for (FixedKeyVerifier verifier : bothWays(key.publicKey())) {
                refusesHighSZeroAndOutOfRangeValues(curve, key, verifier);
            }
        }
    }

    @Test
    void checksK256KeysWithLibsecp256k1AndP256KeysWithTheCombTables() {
        assertThat(Secp256k1Native.available()).as("libsecp256k1 loads on this platform").isTrue();
        assertThat(new TestKey(Curve.K256, "native").publicKey().verifiedNatively()).isTrue();
        assertThat(new TestKey(Curve.P256, "comb").publicKey().verifiedNatively()).isFalse();

        // libsecp256k1 itself, past PublicKey's own low-S check: it refuses high S, and r not below the order
        TestKey key = new TestKey(Curve.K256, "native");
        byte[] hash = HashFunction.SHA2_256.digest("a commit".getBytes());
        byte[] signature = key.sign("a commit".getBytes());
        BigInteger n = Curve.K256.domain().getN();
        byte[] highS = signature.clone();
        System.arraycopy(BigIntegers.asUnsignedByteArray(32,
                n.subtract(new BigInteger(1, Arrays.copyOfRange(signature, 32, 64)))), 0, highS, 32, 32);
        byte[] rIsN = signature.clone();
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, n), 0, rIsN, 0, 32);
        byte[] compressed = key.publicKey().compressed();
        assertThat(Secp256k1Native.verify(compressed, hash, signature)).isTrue();
        assertThat(Secp256k1Native.verify(compressed, hash, highS)).isFalse();
        assertThat(Secp256k1Native.verify(compressed, hash, rIsN)).isFalse();
    }

    private static List<FixedKeyVerifier> bothWays(PublicKey key) {
        return List.of(FixedKeyVerifier.of(key), FixedKeyVerifier.comb(key));
    }

    private static void refusesHighSZeroAndOutOfRangeValues(Curve curve, TestKey key, FixedKeyVerifier verifier) {
        byte[] message = "a label".getBytes();
        byte[] signature = key.sign(message);
        BigInteger n = curve.domain().getN();
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        byte[] highS = signature.clone();
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, n.subtract(s)), 0, highS, 32, 32);
        byte[] zeroR = signature.clone();
        Arrays.fill(zeroR, 0, 32, (byte) 0);
        byte[] rPlusN = signature.clone();
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        byte[] shifted = BigIntegers.asUnsignedByteArray(r.add(n));
        if (shifted.length == 32) { // r + n still fits: the same x mod n, which must not pass as r
            System.arraycopy(shifted, 0, rPlusN, 0, 32);
            assertThat(verifier.verify(message, rPlusN)).isFalse();
        }

        assertThat(verifier.verify(message, signature)).isTrue();
        assertThat(verifier.verify(message, highS)).isFalse();
        assertThat(verifier.verify(message, zeroR)).isFalse();
        assertThat(verifier.verify(message, new byte[64])).isFalse();
        assertThat(verifier.verify(message, Arrays.copyOf(signature, 63))).isFalse();
        assertThat(verifier.key()).isEqualTo(key.publicKey());
    }
}
