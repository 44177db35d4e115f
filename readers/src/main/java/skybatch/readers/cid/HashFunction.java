package skybatch.readers.cid;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * The multihash functions whose digests this package can recompute. atproto uses only sha2-256; identity and
 * blake2b-256 are here so generic IPLD CAR files (Filecoin's samples among them) can be verified block by block.
 */
public enum HashFunction {
    IDENTITY(0x00) {
        @Override
        public byte[] digest(byte[] data) {
            return data.clone();
        }
    },
    SHA2_256(0x12) {
        @Override
        public byte[] digest(byte[] data) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(data);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }
    },
    BLAKE2B_256(0xb220) {
        @Override
        public byte[] digest(byte[] data) {
            Blake2bDigest blake = new Blake2bDigest(256);
            blake.update(data, 0, data.length);
            byte[] out = new byte[32];
            blake.doFinal(out, 0);
            return out;
        }
    };

    private final long code;

    HashFunction(long code) {
        this.code = code;
    }

    /** The multicodec code of this function in a multihash. */
    public long code() {
        return code;
    }

    public abstract byte[] digest(byte[] data);

    /** The function with this multihash code. */
    public static HashFunction ofCode(long code) {
        return Arrays.stream(values())
                .filter(f -> f.code == code)
                .findFirst()
                .orElseThrow(() -> new UnsupportedOperationException(
                        "unsupported multihash function 0x" + Long.toHexString(code)));
    }
}
