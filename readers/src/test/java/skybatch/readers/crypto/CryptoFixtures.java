package skybatch.readers.crypto;

import skybatch.readers.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import skybatch.readers.mst.Completeness;
import skybatch.readers.mst.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Files under {@code testdata/}, the test data the repository carries. */
final class CryptoFixtures {

    private CryptoFixtures() {}

    static Path path(String relative) {
        return TestData.path(relative);
    }

    static JsonNode json(String relative) {
        return JsonMapper.shared().readTree(path(relative));
    }

    static Repository repository(String relative) throws IOException {
        try (InputStream in = Files.newInputStream(path(relative))) {
            return Repository.read(in, Completeness.FULL);
        }
    }
}
