package skybatch.readers.mst;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MstKeysTest {

    @Test
    void keyHeightsMatchTheInteropVectors() {
        JsonNode vectors = MstFixtures.json("atproto-interop-tests/mst/key_heights.json");
        assertThat(vectors.size()).isEqualTo(9);
        for (JsonNode v : vectors) {
            assertThat(MstKeys.height(v.get("key").stringValue())).as(v.toString()).isEqualTo(v.get("height").intValue());
        }
    }

    @Test
    void exampleKeysSitOnTheLayerTheirNameSays() throws Exception {
        List<String> keys = Files.readAllLines(MstFixtures.path("atproto-interop-tests/mst/example_keys.txt")).stream()
                .filter(line -> !line.isBlank())
                .toList();
        assertThat(keys).hasSize(156);
        for (String key : keys) {
            assertThat(MstKeys.height(key)).as(key).isEqualTo(key.charAt(1) - '0');
        }
    }

    @Test
    void commonPrefixLengthsMatchTheInteropVectors() {
        JsonNode vectors = MstFixtures.json("atproto-interop-tests/mst/common_prefix.json");
        assertThat(vectors.size()).isEqualTo(13);
        for (JsonNode v : vectors) {
            byte[] left = v.get("left").stringValue().getBytes(StandardCharsets.UTF_8);
            byte[] right = v.get("right").stringValue().getBytes(StandardCharsets.UTF_8);
            assertThat(MstKeys.commonPrefixLength(left, right)).as(v.toString()).isEqualTo(v.get("len").intValue());
        }
    }
}
