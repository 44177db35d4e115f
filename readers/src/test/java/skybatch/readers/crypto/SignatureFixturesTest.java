package skybatch.readers.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** atproto-interop-tests/crypto/signature-fixtures.json: verify() agrees with validSignature. */
class SignatureFixturesTest {

    private static final JsonNode FIXTURES = CryptoFixtures.json("atproto-interop-tests/crypto/signature-fixtures.json");

    private static byte[] base64(JsonNode node) {
        return Base64.getDecoder().decode(node.stringValue());
    }

    @Test
    void verifyAgreesWithValidSignature() {
        assertThat(FIXTURES.size()).isEqualTo(6);
        for (JsonNode f : FIXTURES) {
            PublicKey key = PublicKey.fromDidKey(f.get("publicKeyDid").stringValue());

            boolean verified = key.verify(base64(f.get("messageBase64")), base64(f.get("signatureBase64")));

            assertThat(verified).as(f.get("comment").stringValue()).isEqualTo(f.get("validSignature").booleanValue());
        }
    }

    @Test
    void keysAreOnTheCurveTheAlgorithmNames() {
        for (JsonNode f : FIXTURES) {
            Curve expected = f.get("algorithm").stringValue().equals("ES256K") ? Curve.K256 : Curve.P256;
            PublicKey key = PublicKey.fromDidKey(f.get("publicKeyDid").stringValue());
            assertThat(key.curve()).isEqualTo(expected);
            assertThat(key.toDidKey()).isEqualTo(f.get("publicKeyDid").stringValue());
            // publicKeyMultibase here is the bare compressed point, as in older DID documents.
            assertThat(PublicKey.fromLegacyMultibase(expected, f.get("publicKeyMultibase").stringValue()))
                    .isEqualTo(key);
        }
    }

    @Test
    void highSSignaturesFailOnlyBecauseOfTheirS() {
        int checked = 0;
        for (JsonNode f : FIXTURES) {
            if (!f.get("tags").toString().contains("high-s")) {
                continue;
            }
            PublicKey key = PublicKey.fromDidKey(f.get("publicKeyDid").stringValue());
            byte[] signature = base64(f.get("signatureBase64"));
            String curveName = key.curve() == Curve.K256 ? "secp256k1" : "secp256r1";
            BigInteger n = CustomNamedCurves.getByName(curveName).getN();
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
            assertThat(s).isGreaterThan(n.shiftRight(1));

            byte[] lowS = signature.clone();
            System.arraycopy(BigIntegers.asUnsignedByteArray(32, n.subtract(s)), 0, lowS, 32, 32);

            assertThat(key.verify(base64(f.get("messageBase64")), signature)).isFalse();
            assertThat(key.verify(base64(f.get("messageBase64")), lowS)).isTrue();
            checked++;
        }
        assertThat(checked).isEqualTo(2);
    }
}
