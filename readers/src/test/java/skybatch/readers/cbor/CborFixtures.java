package skybatch.readers.cbor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Files under {@code ../shared/fixtures/}, the fixture folder beside the repository. */
final class CborFixtures {

    static final JsonMapper JSON = JsonMapper.shared();

    private CborFixtures() {}

    static Path path(String relative) {
        return Path.of("..", "..", "shared", "fixtures").resolve(relative);
    }

    static byte[] bytes(String relative) throws IOException {
        return Files.readAllBytes(path(relative));
    }

    static JsonNode json(String relative) {
        return JSON.readTree(path(relative));
    }
}
