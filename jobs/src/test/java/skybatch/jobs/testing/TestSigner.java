package skybatch.jobs.testing;

import skybatch.readers.crypto.Curve;
import skybatch.readers.crypto.TestKey;

/** A K-256 key made from a name, that signs as atproto does: deterministic ECDSA over SHA-256, low-S, r‖s. */
public final class TestSigner {

    private final TestKey key;

    public TestSigner(String name) {
        this.key = new TestKey(Curve.K256, name);
    }

    /** The public key as a did:key, as actor_identity.signing_key holds it. */
    public String didKey() {
        return key.didKey();
    }

    /** The secret key as 64 hex digits, for tools that sign as this key (bench/appview's service tokens). */
    public String privateKeyHex() {
        return key.privateKeyHex();
    }

    public byte[] sign(byte[] message) {
        return key.sign(message);
    }
}
