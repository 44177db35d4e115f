package skybatch.readers.plc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines are found and checked eight bytes at a time: every length and every position of what they look for. */
class LineReaderTest {

    private static List<LineReader.Line> read(byte[] input) throws IOException {
        LineReader reader = new LineReader(new ByteArrayInputStream(input), 1 << 20);
        List<LineReader.Line> lines = new ArrayList<>();
        LineReader.Line line;
        while ((line = reader.next()) != null) {
            lines.add(line);
        }
        return lines;
    }

    @Test
    void splitsLinesOfEveryLengthAtEveryOffset() throws IOException {
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        List<String> expected = new ArrayList<>();
        for (int length = 0; length < 40; length++) {
            String text = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF".substring(0, length);
            expected.add(text);
            input.writeBytes((text + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(read(input.toByteArray())).extracting(LineReader.Line::text).containsExactlyElementsOf(expected);
        assertThat(read(input.toByteArray())).extracting(LineReader.Line::problem).containsOnlyNulls();
    }

    @Test
    void findsANulOrANonAsciiByteAtEveryPosition() throws IOException {
        for (int at = 0; at < 20; at++) {
            byte[] nul = "aaaaaaaaaaaaaaaaaaaa\n".getBytes(StandardCharsets.US_ASCII);
            nul[at] = 0;
            assertThat(read(nul).get(0).problem()).isEqualTo("a NUL byte at byte " + at + " of the line");

            String accented = "a".repeat(at) + "é" + "a".repeat(19 - at);
            LineReader.Line line = read((accented + "\n").getBytes(StandardCharsets.UTF_8)).get(0);
            assertThat(line.text()).isEqualTo(accented);
            assertThat(line.problem()).isNull();
        }
    }

    @Test
    void aUsableLineOfAsciiIsLeftAsItsBytesAndTellsItsTextAndBlanknessFromThem() throws IOException {
        List<String> texts = List.of("{\"did\":\"did:plc:abc\"}", "", " \t\u000b\f", " x ", "\u001c\u001f", "\u0001");
        LineReader reader = new LineReader(new ByteArrayInputStream(
                (String.join("\n", texts) + "\nd\u00e9j\u00e0\n").getBytes(StandardCharsets.UTF_8)), 1 << 20);
        for (String text : texts) {
            LineReader.Line line = reader.next(DidPartition.ALL);
            assertThat(line.text()).as(text).isNull();
            assertThat(line.problem()).isNull();
            assertThat(reader.text()).isEqualTo(text);
            assertThat(new String(reader.bytes(), 0, reader.length(), StandardCharsets.US_ASCII)).isEqualTo(text);
            assertThat(reader.blank()).as(text).isEqualTo(text.isBlank());
        }
        // a line with other bytes than ASCII is decoded, as before
        assertThat(reader.next(DidPartition.ALL).text()).isEqualTo("d\u00e9j\u00e0");
        assertThat(reader.next(DidPartition.ALL)).isNull();
    }

    @Test
    void aLineBreakWithAHighByteBeforeItIsFound() throws IOException {
        // 0x8a holds 0x0a in its low bits, 0x0b is one above it: neither is a line break
        byte[] input = {(byte) 0xc2, (byte) 0x8a, 0x0b, 'a', 'b', 'c', 'd', 'e', '\n', 'f', 'g', '\n'};
        assertThat(read(input)).extracting(LineReader.Line::text).containsExactly("\u008a\u000babcde", "fg");
    }
}
