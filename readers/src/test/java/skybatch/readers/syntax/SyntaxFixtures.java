package skybatch.readers.syntax;

import skybatch.readers.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the atproto interop syntax lists in {@code testdata/atproto-interop-tests/syntax/}. */
final class SyntaxFixtures {

    private SyntaxFixtures() {}

    static List<String> lines(String file) throws IOException {
        Path path = TestData.path("atproto-interop-tests/syntax/" + file);
        return Files.readAllLines(path).stream()
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }
}
