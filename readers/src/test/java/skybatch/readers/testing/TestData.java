package skybatch.readers.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The test data the repository carries in {@code testdata/} at its top (real AT Protocol files from public
 * repositories, in their upstream layout; {@code testdata/NOTICE.md} names each one's source, commit and licence).
 * Every module's tests find it here, whatever folder they run in.
 */
public final class TestData {

    private static final Path ROOT = findRoot();

    private TestData() {}

    /** A file or folder by its path below {@code testdata/}, such as {@code "indigo/testing/testdata/divy.repo"}. */
    public static Path path(String relative) {
        Path path = ROOT.resolve(relative);
        if (!Files.exists(path)) {
            throw new UncheckedIOException(new IOException("no test data at " + path
                    + ": copy the file into testdata/ and name it in testdata/NOTICE.md"));
        }
        return path;
    }

    private static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("testdata");
            if (Files.isRegularFile(candidate.resolve("NOTICE.md"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no testdata/NOTICE.md in " + Path.of("").toAbsolutePath()
                + " or any folder above it");
    }
}
