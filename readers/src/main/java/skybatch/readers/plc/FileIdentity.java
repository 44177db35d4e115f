package skybatch.readers.plc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Says which file an import reads, so that a restart can tell it is reading the same one: its size and a
 * SHA-256 of its first megabyte (an export's start differs from any other's; hashing it all would cost a pass
 * over gigabytes).
 */
public final class FileIdentity {

    private static final int FINGERPRINTED = 1 << 20;

    private FileIdentity() {}

    public static String of(Path file) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            sha256.update(in.readNBytes(FINGERPRINTED));
        }
        return Files.size(file) + " bytes, sha256 of the first MB " + HexFormat.of().formatHex(sha256.digest());
    }

    /**
     * @throws IllegalStateException if the file is not the one {@code expected} describes
     */
    public static void requireSame(Path file, String expected) throws IOException {
        String actual = of(file);
        if (!actual.equals(expected)) {
            throw new IllegalStateException(file + " is not the file this import began with (then " + expected
                    + ", now " + actual + "): a restart must read the same file; start a new import for this one");
        }
    }
}
