package skybatch.readers.mst;

import skybatch.readers.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Files under {@code testdata/}, the test data the repository carries. */
final class MstFixtures {

    private MstFixtures() {}

    static Path path(String relative) {
        return TestData.path(relative);
    }

    static JsonNode json(String relative) {
        return JsonMapper.shared().readTree(path(relative));
    }

    static Repository repository(String relative, Completeness completeness) throws IOException {
        try (InputStream in = Files.newInputStream(path(relative))) {
            return Repository.read(in, completeness);
        }
    }

    static List<RepoRecord> records(RecordWalk walk) {
        List<RepoRecord> records = new ArrayList<>();
        walk.forEachRemaining(records::add);
        return records;
    }
}
