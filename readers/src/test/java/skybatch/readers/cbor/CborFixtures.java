package skybatch.readers.cbor;

import skybatch.readers.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Files under {@code testdata/}, the test data the repository carries. */
final class CborFixtures {

    static final JsonMapper JSON = JsonMapper.shared();

    private CborFixtures() {}

    static Path path(String relative) {
        return TestData.path(relative);
    }

    static byte[] bytes(String relative) throws IOException {
        return Files.readAllBytes(path(relative));
    }

    static JsonNode json(String relative) {
        return JSON.readTree(path(relative));
    }
}
