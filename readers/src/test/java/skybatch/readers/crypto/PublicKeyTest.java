package skybatch.readers.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PublicKeyTest {

    /** The W3C did:key suite's vectors: the did:key of the public key derived from each private key. */
    @Test
    void didKeysOfDerivedPublicKeysMatchW3cVectors() {
        JsonNode k256 = CryptoFixtures.json("atproto-interop-tests/crypto/w3c_didkey_K256.json");
        assertThat(k256.size()).isEqualTo(5);
        for (JsonNode v : k256) {
            BigInteger d = new BigInteger(1, HexFormat.of().parseHex(v.get("privateKeyBytesHex").stringValue()));
            assertDerivedKey(Curve.K256, "secp256k1", d, v.get("publicDidKey").stringValue());
        }
        JsonNode p256 = CryptoFixtures.json("atproto-interop-tests/crypto/w3c_didkey_P256.json");
        assertThat(p256.size()).isEqualTo(1);
        for (JsonNode v : p256) {
            BigInteger d = new BigInteger(1, Base58.decode(v.get("privateKeyBytesBase58").stringValue()));
            assertDerivedKey(Curve.P256, "secp256r1", d, v.get("publicDidKey").stringValue());
        }
    }

    private static void assertDerivedKey(Curve curve, String name, BigInteger privateKey, String didKey) {
        X9ECParameters params = CustomNamedCurves.getByName(name);
        byte[] uncompressed = params.getG().multiply(privateKey).normalize().getEncoded(false);

        PublicKey key = PublicKey.fromBytes(curve, uncompressed);

        assertThat(key.toDidKey()).isEqualTo(didKey);
        assertThat(PublicKey.fromDidKey(didKey)).isEqualTo(key);
        assertThat(PublicKey.fromDidKey(didKey).compressed()).hasSize(33);
    }

    @Test
    void base58RoundTripsLeadingZeros() {
        byte[] bytes = {0, 0, 1, 2, (byte) 255};
        assertThat(Base58.encode(bytes)).startsWith("11");
        assertThat(Base58.decode(Base58.encode(bytes))).isEqualTo(bytes);
        assertThat(Base58.encode("hello world".getBytes())).isEqualTo("StV1DL6CwTryKyV");
        assertThatThrownBy(() -> Base58.decode("0OIl")).hasMessageContaining("invalid base58 character '0'");
    }

    @Test
    void rejectsOtherKeyTypesAndBadPoints() {
        // An Ed25519 did:key (multicodec 0xed), which atproto does not use for signing.
        assertThatThrownBy(() -> PublicKey.fromDidKey("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"))
                .isInstanceOf(InvalidPublicKeyException.class)
                .hasMessageContaining("multicodec 0xed");
        assertThatThrownBy(() -> PublicKey.fromDidKey("did:web:example.com")).hasMessageContaining("not a did:key");
        assertThatThrownBy(() -> PublicKey.fromMultikey("uabc")).hasMessageContaining("base58btc");
        byte[] offCurve = new byte[33];
        offCurve[0] = 2;
        offCurve[32] = 5;
        assertThatThrownBy(() -> PublicKey.fromBytes(Curve.K256, offCurve)).isInstanceOf(InvalidPublicKeyException.class);
    }

    @Test
    void signaturesOfTheWrongLengthDoNotVerify() {
        PublicKey key = PublicKey.fromDidKey("did:key:zQ3shqwJEJyMBsBXCWyCBpUBMqxcon9oHB7mCvx4sSpMdLJwc");
        assertThat(key.verify(new byte[] {1}, new byte[63])).isFalse();
        assertThat(key.verify(new byte[] {1}, new byte[64])).isFalse();
    }
}
