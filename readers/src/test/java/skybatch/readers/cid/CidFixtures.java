package skybatch.readers.cid;

import skybatch.readers.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Files under {@code testdata/}, the test data the repository carries. */
final class CidFixtures {

    private CidFixtures() {}

    static Path path(String relative) {
        return TestData.path(relative);
    }

    /** Non-comment, non-blank lines of a text fixture. */
    static List<String> lines(String relative) throws IOException {
        return Files.readAllLines(path(relative)).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .toList();
    }

    /** {@code codec-fixtures/fixtures/*}{@code /*.dag-cbor}, each named by its CID. */
    static List<Path> dagCborFixtures() throws IOException {
        try (var files = Files.walk(path("codec-fixtures/fixtures"))) {
            return files.filter(p -> p.toString().endsWith(".dag-cbor")).sorted().toList();
        }
    }
}
