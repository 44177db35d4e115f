package skybatch.readers.syntax;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the atproto interop syntax lists in {@code ../shared/fixtures/atproto-interop-tests/syntax/}. */
final class SyntaxFixtures {

    private SyntaxFixtures() {}

    static List<String> lines(String file) throws IOException {
        Path path = Path.of("..", "..", "shared", "fixtures", "atproto-interop-tests", "syntax", file);
        return Files.readAllLines(path).stream()
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }
}
