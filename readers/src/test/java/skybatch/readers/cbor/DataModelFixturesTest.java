package skybatch.readers.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import skybatch.readers.cid.Cid;
import tools.jackson.databind.JsonNode;

/** atproto-interop-tests/data-model: JSON form, DAG-CBOR bytes and CID agree, and invalid JSON is refused. */
class DataModelFixturesTest {

    @Test
    void jsonEncodesToTheFixtureBytesAndCid() {
        JsonNode fixtures = CborFixtures.json("atproto-interop-tests/data-model/data-model-fixtures.json");
        assertThat(fixtures.size()).isEqualTo(3);
        for (JsonNode fixture : fixtures) {
            byte[] expected = Base64.getDecoder().decode(fixture.get("cbor_base64").stringValue());

            byte[] encoded = DagCborEncoder.encode(AtprotoJsonReader.fromJsonNode(fixture.get("json")));

            assertThat(encoded).isEqualTo(expected);
            assertThat(Cid.compute(Cid.DAG_CBOR, encoded).toString()).isEqualTo(fixture.get("cid").stringValue());
        }
    }

    @Test
    void bytesDecodeToTheFixtureJson() {
        for (JsonNode fixture : CborFixtures.json("atproto-interop-tests/data-model/data-model-fixtures.json")) {
            byte[] cbor = Base64.getDecoder().decode(fixture.get("cbor_base64").stringValue());

            Object decoded = DagCborDecoder.decode(cbor);

            // Re-read through Jackson so number node types compare equal to the parsed fixture.
            JsonNode viaString = CborFixtures.JSON.readTree(AtprotoJsonWriter.toJson(decoded));
            JsonNode viaTree = CborFixtures.JSON.readTree(AtprotoJsonWriter.toJsonNode(decoded).toString());
            assertThat(viaString).isEqualTo(fixture.get("json"));
            assertThat(viaTree).isEqualTo(fixture.get("json"));
        }
    }

    @Test
    void invalidDocumentsAreRejected() {
        JsonNode fixtures = CborFixtures.json("atproto-interop-tests/data-model/data-model-invalid.json");
        assertThat(fixtures.size()).isEqualTo(12);
        for (JsonNode fixture : fixtures) {
            assertThatThrownBy(() -> AtprotoJsonReader.fromJsonNode(fixture.get("json")))
                    .as(fixture.get("note").stringValue())
                    .isInstanceOf(DataModelException.class);
        }
    }

    @Test
    void validDocumentsAreAcceptedAndSurviveARoundTrip() {
        JsonNode fixtures = CborFixtures.json("atproto-interop-tests/data-model/data-model-valid.json");
        assertThat(fixtures.size()).isEqualTo(5);
        for (JsonNode fixture : fixtures) {
            Map<String, Object> value = AtprotoJsonReader.fromJsonNode(fixture.get("json"));
            byte[] encoded = DagCborEncoder.encode(value);
            assertThat(DagCborEncoder.encode(DagCborDecoder.decode(encoded)))
                    .as(fixture.get("note").stringValue())
                    .isEqualTo(encoded);
        }
    }

    @Test
    void integerLikeFloatBecomesAnInteger() {
        Map<String, Object> value = AtprotoJsonReader.fromJson("{\"a\": 123.0}");
        assertThat(value.get("a")).isEqualTo(123L);
        assertThatThrownBy(() -> AtprotoJsonReader.fromJson("{\"b\": 1.0000000000000001}"))
                .hasMessageContaining("floating-point");
    }
}
