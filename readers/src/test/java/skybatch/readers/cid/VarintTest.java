package skybatch.readers.cid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VarintTest {

    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @CsvSource({"0, 00", "1, 01", "127, 7f", "128, 8001", "300, ac02", "113, 71", "231, e701", "4608, 8024",
            "16383, ff7f", "16384, 808001", "9223372036854775807, ffffffffffffffff7f"})
    void encodesAndDecodesShortestForm(long value, String hex) throws Exception {
        byte[] bytes = HEX.parseHex(hex);
        byte[] encoded = new byte[Varint.MAX_BYTES];
        int end = Varint.encode(value, encoded, 0);

        assertThat(HEX.formatHex(encoded, 0, end)).isEqualTo(hex);
        assertThat(Varint.encodedLength(value)).isEqualTo(bytes.length);
        assertThat(Varint.decode(bytes, 0, bytes.length)).isEqualTo(value);
        assertThat(Varint.read(new ByteArrayInputStream(bytes))).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8000", "ff00", "808000"})
    void rejectsNonMinimalEncodings(String hex) {
        byte[] bytes = HEX.parseHex(hex);
        assertThatThrownBy(() -> Varint.decode(bytes, 0, bytes.length))
                .isInstanceOf(Varint.InvalidVarintException.class)
                .hasMessageContaining("shortest form");
    }

    @Test
    void rejectsTenByteVarintsAndTruncation() {
        byte[] tooLong = HEX.parseHex("ffffffffffffffffff01");
        assertThatThrownBy(() -> Varint.decode(tooLong, 0, tooLong.length)).hasMessageContaining("longer than 9");
        assertThatThrownBy(() -> Varint.read(new ByteArrayInputStream(tooLong))).hasMessageContaining("longer than 9");
        byte[] truncated = HEX.parseHex("8080");
        assertThatThrownBy(() -> Varint.decode(truncated, 0, 2)).hasMessageContaining("truncated");
        assertThatThrownBy(() -> Varint.read(new ByteArrayInputStream(truncated))).isInstanceOf(EOFException.class);
    }

    @Test
    void readReportsCleanEndOfStream() throws Exception {
        assertThat(Varint.read(new ByteArrayInputStream(new byte[0]))).isEqualTo(-1);
    }

    @Test
    void refusesNegativeValues() {
        assertThatThrownBy(() -> Varint.encodedLength(-1)).isInstanceOf(Varint.InvalidVarintException.class);
    }
}
