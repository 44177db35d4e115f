package skybatch.readers.crypto;

import fr.acinq.secp256k1.Secp256k1;
import fr.acinq.secp256k1.Secp256k1Exception;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * K-256 ECDSA checks by libsecp256k1 (Bitcoin Core's), through ACINQ's JNI build (secp256k1-kmp, whose jars carry
 * the native library for Linux, macOS and Windows): about twice as fast as BouncyCastle's comb multiplication.
 * libsecp256k1 accepts only low-S signatures, as atproto does, and refuses r or s of zero or not below the order.
 * Where the native library does not load (another platform), {@link #available()} is false and {@link PublicKey}
 * checks with BouncyCastle.
 */
final class Secp256k1Native {

    private static final Logger log = LoggerFactory.getLogger(Secp256k1Native.class);
    private static final Secp256k1 LIBRARY = load();

    private Secp256k1Native() {}

    /** Whether libsecp256k1 loaded on this platform. */
    static boolean available() {
        return LIBRARY != null;
    }

    /**
     * Whether {@code signature} (64 bytes, r || s) signs the SHA-256 {@code hash} with {@code key} (a SEC1 point,
     * uncompressed preferably: a compressed one costs a square root each time).
     */
    static boolean verify(byte[] key, byte[] hash, byte[] signature) {
        try {
            return LIBRARY.verify(signature, hash, key);
        } catch (Secp256k1Exception e) {
            return false; // r or s not below the order: the signature does not parse
        }
    }

    private static Secp256k1 load() {
        try {
            return Secp256k1.get();
        } catch (RuntimeException | LinkageError e) {
            log.warn("libsecp256k1 does not load here ({}): K-256 signatures are checked with BouncyCastle", e.toString());
            return null;
        }
    }
}
