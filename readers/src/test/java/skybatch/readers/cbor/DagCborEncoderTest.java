package skybatch.readers.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DagCborEncoderTest {

    @ParameterizedTest
    @CsvSource({"0, 00", "23, 17", "24, 1818", "255, 18ff", "256, 190100", "65535, 19ffff", "65536, 1a00010000",
            "4294967295, 1affffffff", "4294967296, 1b0000000100000000", "-1, 20", "-24, 37", "-25, 3818",
            "-9223372036854775808, 3b7fffffffffffffff"})
    void integersUseTheShortestHead(long value, String hex) {
        assertThat(HexFormat.of().formatHex(DagCborEncoder.encode(value))).isEqualTo(hex);
    }

    @Test
    void mapKeysAreSortedLengthFirstThenBytewise() {
        Map<String, Object> map = new HashMap<>();
        for (String key : List.of("aa", "b", "a", "ab", "é", "z", "")) {
            map.put(key, 0);
        }

        Map<String, Object> decoded = DagCborDecoder.decodeMap(DagCborEncoder.encode(map));

        // "é" is two UTF-8 bytes, so it sorts with the two-character keys, after them bytewise.
        assertThat(decoded.keySet()).containsExactly("", "a", "b", "z", "aa", "ab", "é");
    }

    @Test
    void textLengthsCountUtf8Bytes() {
        assertThat(HexFormat.of().formatHex(DagCborEncoder.encode("水"))).isEqualTo("63e6b0b4");
    }

    @Test
    void refusesValuesOutsideTheDataModel() {
        assertThatThrownBy(() -> DagCborEncoder.encode(1.5)).hasMessageContaining("floating-point");
        assertThatThrownBy(() -> DagCborEncoder.encode(1.0f)).hasMessageContaining("floating-point");
        assertThatThrownBy(() -> DagCborEncoder.encode(Map.of(1, 2))).hasMessageContaining("map keys must be strings");
        assertThatThrownBy(() -> DagCborEncoder.encode(new Object())).hasMessageContaining("not a data model type");
        assertThatThrownBy(() -> DagCborEncoder.encode(BigInteger.ONE.shiftLeft(64)))
                .hasMessageContaining("does not fit");
        assertThatThrownBy(() -> DagCborEncoder.encode("\ud800x")).hasMessageContaining("unpaired UTF-16 surrogate");
    }
}
