package skybatch.readers.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import skybatch.readers.cid.Cid;

class DagCborDecoderTest {

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "18 05            | 0 | integer or length 5 not in its shortest form",
        "82 01 19 00 ff   | 2 | not in its shortest form",
        "5a 00 00 00 01 00| 0 | not in its shortest form",
        "9f 01 ff         | 0 | indefinite lengths are not allowed",
        "7f 61 61 ff      | 0 | indefinite lengths are not allowed",
        "a2 61 62 01 61 61 02       | 4 | map key \"a\" out of canonical order",
        "a2 62 61 61 01 61 62 02    | 5 | map key \"b\" out of canonical order",
        "a2 61 61 01 61 61 02       | 4 | duplicate map key \"a\"",
        "a1 01 02         | 1 | map keys must be text strings",
        "fb 3f f0 00 00 00 00 00 00 | 0 | floating-point numbers are not allowed",
        "82 00 f9 3c 00   | 2 | floating-point numbers are not allowed",
        "f7               | 0 | 'undefined' is not in the data model",
        "f8 20            | 0 | unsupported simple value 24",
        "ff               | 0 | unexpected 'break'",
        "c1 00            | 0 | tag 1 is not allowed",
        "d8 2a 61 00      | 2 | a CID link must hold a byte string",
        "d8 2a 41 01      | 2 | a CID link's bytes must start with 0x00",
        "d8 2a 43 00 12 20| 2 | CIDv0 is not supported",
        "62 c3 28         | 0 | text string is not valid UTF-8",
        "63 ed a0 80      | 0 | text string is not valid UTF-8",
        "00 00            | 1 | 1 bytes after the top-level value",
        "83 01 02         | 0 | length 3 runs past the end of input",
        "82 00 19 01      | 4 | unexpected end of input",
        "44 01 02         | 0 | length 4 runs past the end of input (2 bytes left)",
        "9b 00 00 00 01 00 00 00 00 | 0 | runs past the end of input",
        "1c               | 0 | reserved additional information 28",
        "19 01            | 2 | unexpected end of input",
        "-                | 0 | unexpected end of input",
    })
    void rejectsNonCanonicalOrInvalidInputAtItsOffset(String hex, long offset, String message) {
        byte[] bytes = hex(hex.equals("-") ? "" : hex);
        assertThatThrownBy(() -> DagCborDecoder.decode(bytes))
                .isInstanceOfSatisfying(DagCborException.class, e -> assertThat(e.offset()).isEqualTo(offset))
                .hasMessageContaining(message)
                .hasMessageEndingWith("at byte offset " + offset);
    }

    @Test
    void decodesEveryDataModelKind() {
        // {"a": 1, "b": [-1, "x"], "bb": h'0102', "c": null, "t": true, "l": <cid>}, keys in canonical order
        Cid cid = Cid.parse("bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm");
        String link = "d82a5825" + "00" + HexFormat.of().formatHex(cid.toBytes());
        byte[] bytes = hex("a6 6161 01 6162 82 20 6178 6163 f6 616c " + link + " 6174 f5 626262 42 0102");

        Map<String, Object> map = DagCborDecoder.decodeMap(bytes);

        assertThat(map).containsOnlyKeys("a", "b", "c", "l", "t", "bb");
        assertThat(map.keySet()).containsExactly("a", "b", "c", "l", "t", "bb");
        assertThat(map.get("a")).isEqualTo(1L);
        assertThat(map.get("b")).isEqualTo(List.of(-1L, "x"));
        assertThat(map.get("c")).isNull();
        assertThat(map.get("l")).isEqualTo(cid);
        assertThat(map.get("t")).isEqualTo(true);
        assertThat((byte[]) map.get("bb")).containsExactly(1, 2);
        assertThat(DagCborEncoder.encode(map)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource({
        "1b7fffffffffffffff, 9223372036854775807",
        "1b8000000000000000, 9223372036854775808",
        "1bffffffffffffffff, 18446744073709551615",
        "3b7fffffffffffffff, -9223372036854775808",
        "3b8000000000000000, -9223372036854775809",
        "3bffffffffffffffff, -18446744073709551616",
    })
    void integersBeyondLongBecomeBigIntegers(String hex, String decimal) {
        Object value = DagCborDecoder.decode(hex(hex));
        BigInteger expected = new BigInteger(decimal);
        if (expected.bitLength() < 64) {
            assertThat(value).isEqualTo(expected.longValueExact());
        } else {
            assertThat(value).isEqualTo(expected);
        }
        assertThat(DagCborEncoder.encode(value)).isEqualTo(hex(hex));
    }

    @Test
    void limitsNesting() {
        byte[] deep = new byte[DagCborDecoder.MAX_DEPTH + 2];
        java.util.Arrays.fill(deep, (byte) 0x81);
        deep[deep.length - 1] = 0;
        assertThatThrownBy(() -> DagCborDecoder.decode(deep)).hasMessageContaining("nesting deeper than");
    }

    @Test
    void decodeMapRequiresAMap() {
        assertThatThrownBy(() -> DagCborDecoder.decodeMap(hex("80"))).hasMessageContaining("expected a map");
    }
}
