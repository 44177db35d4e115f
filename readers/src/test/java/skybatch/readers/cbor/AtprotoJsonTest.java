package skybatch.readers.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import skybatch.readers.cid.Cid;
import tools.jackson.databind.JsonNode;

class AtprotoJsonTest {

    /** Real app.bsky.feed.post records from indigo's testdata, with the CIDs INDEX.md gives. */
    @ParameterizedTest
    @CsvSource({
        "indigo/testing/testdata/feedpost_record.cbor, bafyreigopc2xg7ayxvsvwg3vobbraqfxe4c2bhil4ow6fkv74tzrr66qcq",
        "indigo/testing/testdata/post_richtext_link.cbor, bafyreigxouugvadvd2noqcqqycqatqziucpyngh6kulds5czd2752icwvi",
    })
    void realRecordsSurviveCborToJsonAndBack(String file, String cid) throws Exception {
        byte[] block = CborFixtures.bytes(file);
        assertThat(Cid.compute(Cid.DAG_CBOR, block).toString()).isEqualTo(cid);

        Map<String, Object> record = DagCborDecoder.decodeMap(block);
        String json = AtprotoJsonWriter.toJson(record);

        assertThat(record.get("$type")).isEqualTo("app.bsky.feed.post");
        assertThat(json).startsWith("{\"text\":").contains("\"$link\":\"bafkrei");
        assertThat(DagCborEncoder.encode(AtprotoJsonReader.fromJson(json))).isEqualTo(block);
        assertThat(DagCborEncoder.encode(AtprotoJsonReader.fromJsonNode(AtprotoJsonWriter.toJsonNode(record))))
                .isEqualTo(block);
    }

    @Test
    void writesLinksBytesAndBigIntegers() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("bytes", new byte[] {1, 2, 3, 4});
        value.put("link", Cid.parse("bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm"));
        value.put("big", new BigInteger("18446744073709551615"));
        value.put("list", Arrays.asList(null, true, -5L, "é\"\n"));

        String json = AtprotoJsonWriter.toJson(value);

        assertThat(json).isEqualTo("{\"bytes\":{\"$bytes\":\"AQIDBA\"},"
                + "\"link\":{\"$link\":\"bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm\"},"
                + "\"big\":18446744073709551615,\"list\":[null,true,-5,\"é\\\"\\n\"]}");
        JsonNode tree = AtprotoJsonWriter.toJsonNode(value);
        assertThat(tree.get("bytes").get("$bytes").stringValue()).isEqualTo("AQIDBA");
        assertThat(tree.get("big").bigIntegerValue()).isEqualTo(new BigInteger("18446744073709551615"));
        Map<String, Object> back = AtprotoJsonReader.fromJson(json);
        assertThat((byte[]) back.get("bytes")).containsExactly(1, 2, 3, 4);
        assertThat(back.get("link")).isEqualTo(value.get("link"));
        assertThat(back.get("big")).isEqualTo(value.get("big"));
        assertThat(back.get("list")).isEqualTo(value.get("list"));
    }

    @Test
    void readerRejectsDuplicateKeysAndMalformedJson() {
        assertThatThrownBy(() -> AtprotoJsonReader.fromJson("{\"a\":1,\"a\":2}"))
                .isInstanceOf(DataModelException.class)
                .hasMessageContaining("Duplicate");
        assertThatThrownBy(() -> AtprotoJsonReader.fromJson("{\"a\":")).isInstanceOf(DataModelException.class);
        assertThatThrownBy(() -> AtprotoJsonReader.fromJson("{\"b\":{\"$bytes\":\"!!\"}}"))
                .hasMessageContaining("/b: $bytes is not base64");
    }

    @Test
    void errorsNameTheJsonPath() {
        assertThatThrownBy(() -> AtprotoJsonReader.fromJson("{\"a\":[1,{\"b\":2.5}]}"))
                .hasMessageStartingWith("/a/1/b: floating-point");
    }

    @Test
    void writerRefusesNonDataModelValues() {
        List<Object> list = new ArrayList<>();
        list.add(2.5);
        assertThatThrownBy(() -> AtprotoJsonWriter.toJson(list)).isInstanceOf(DataModelException.class);
        assertThatThrownBy(() -> AtprotoJsonWriter.toJsonNode(list)).isInstanceOf(DataModelException.class);
    }
}
