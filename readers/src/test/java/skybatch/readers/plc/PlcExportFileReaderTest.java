package skybatch.readers.plc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;

class PlcExportFileReaderTest {

    @TempDir
    Path dir;

    private static final String GOOD = "{\"did\":\"did:plc:aaaaaaaaaaaaaaaaaaaaaaaa\",\"cid\":\"c%d\","
            + "\"createdAt\":\"2024-01-01T00:00:00.00%dZ\",\"operation\":{\"type\":\"plc_tombstone\"}}";

    private Path export(String... lines) throws IOException {
        Path file = dir.resolve("export.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private static List<PlcExportLine> readAll(PlcExportFileReader reader, ExecutionContext context, int max)
            throws Exception {
        reader.open(context);
        List<PlcExportLine> lines = new ArrayList<>();
        PlcExportLine line;
        while (lines.size() < max && (line = reader.read()) != null) {
            lines.add(line);
        }
        reader.update(context);
        reader.close();
        return lines;
    }

    @Test
    void twoSharesReadEveryLineOnceBetweenThem() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lines.add(GOOD.formatted(i, i % 10).replace("aaaaaaaaaaaaaaaaaaaaaaaa", "a".repeat(23) + (char) ('a' + i % 26)
                    + (i < 26 ? "" : "b")));
        }
        lines.add("{\"no did here\": true}");
        lines.add("{\"did\":\"did:plc:\u00e9\"}");
        Path file = export(lines.toArray(String[]::new));
        List<String> seen = new ArrayList<>();
        for (int index = 0; index < 2; index++) {
            for (PlcExportLine line : readAll(PlcExportFileReader.forPath(file, new DidPartition(index, 2)),
                    new ExecutionContext(), 1000)) {
                seen.add(line.position());
            }
        }
        assertThat(seen).hasSize(lines.size()).doesNotHaveDuplicates();
    }

    @Test
    void numbersLinesSkipsBlankOnesAndCarriesProblems() throws Exception {
        Path file = export(GOOD.formatted(1, 1), "", "{broken", GOOD.formatted(4, 4));
        List<PlcExportLine> lines = readAll(PlcExportFileReader.forPath(file), new ExecutionContext(), 100);
        assertThat(lines).extracting(PlcExportLine::position).containsExactly("line 1", "line 3", "line 4");
        assertThat(lines.get(0).operation().cid()).isEqualTo("c1");
        assertThat(lines.get(1).operation()).isNull();
        assertThat(lines.get(1).problem()).startsWith("invalid JSON");
        assertThat(lines.get(1).source()).isEqualTo(file.toString());
    }

    @Test
    void restartsAfterTheLastLineHandedOut() throws Exception {
        Path file = export(GOOD.formatted(1, 1), GOOD.formatted(2, 2), GOOD.formatted(3, 3), GOOD.formatted(4, 4));
        ExecutionContext context = new ExecutionContext();
        List<PlcExportLine> first = readAll(PlcExportFileReader.forPath(file), context, 2);
        assertThat(context.getLong(PlcExportFileReader.LINE_KEY)).isEqualTo(2);
        List<PlcExportLine> rest = readAll(PlcExportFileReader.forPath(file), context, 100);
        assertThat(first).extracting(l -> l.operation().cid()).containsExactly("c1", "c2");
        assertThat(rest).extracting(l -> l.operation().cid()).containsExactly("c3", "c4");
    }

    @Test
    void aTruncatedGzipFailsNamingTheSourceAndOffset() throws Exception {
        byte[] whole = DecompressingInputTest.compress((GOOD.formatted(1, 1) + "\n").repeat(20000),
                java.util.zip.GZIPOutputStream::new);
        Path file = dir.resolve("cut.jsonl.gz");
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 100));
        PlcExportFileReader reader = PlcExportFileReader.forPath(file);
        reader.open(new ExecutionContext());
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                while (reader.read() != null) {
                    // drain until the failure surfaces
                }
            }).isInstanceOf(ItemStreamException.class).hasMessageContaining("reading " + file + ": EOFException at byte")
                    .hasMessageContaining("of the compressed input");
        } finally {
            reader.close();
        }
    }

    private Path exportBytes(String name, byte[]... lines) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] line : lines) {
            out.writeBytes(line);
            out.write('\n');
        }
        Path file = dir.resolve(name);
        Files.write(file, out.toByteArray());
        return file;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void badTextIsAProblemOfItsLineAndTheRestIsRead() throws Exception {
        byte[] withRawNul = utf8(GOOD.formatted(3, 3).replace("c3", "c\0" + "3"));
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        byte[] first = new byte[bom.length + utf8(GOOD.formatted(1, 1)).length];
        System.arraycopy(bom, 0, first, 0, bom.length);
        System.arraycopy(utf8(GOOD.formatted(1, 1)), 0, first, bom.length, first.length - bom.length);
        Path file = exportBytes("hostile.jsonl", first,
                invalidUtf8(GOOD.formatted(2, 2)),
                withRawNul,
                utf8(GOOD.formatted(4, 4).replace("c4", "c\\u00004")),
                utf8(GOOD.formatted(5, 5).replace("c5", "c\\ud8005")),
                utf8(GOOD.formatted(6, 6).replace("{\"did\"", "{\"did\":\"did:plc:bbbbbbbbbbbbbbbbbbbbbbbb\",\"did\"")),
                utf8(GOOD.formatted(7, 7) + " ".repeat(PlcExportFileReader.MAX_LINE_BYTES)),
                utf8(GOOD.formatted(8, 8) + "\r"));

        List<PlcExportLine> lines = readAll(PlcExportFileReader.forPath(file), new ExecutionContext(), 100);

        assertThat(lines).extracting(PlcExportLine::position).containsExactly("line 1", "line 2", "line 3",
                "line 4", "line 5", "line 6", "line 7", "line 8");
        assertThat(lines.get(0).operation()).as("a leading byte-order mark is dropped").isNotNull();
        assertThat(lines.get(1).problem()).isEqualTo("not valid UTF-8 at byte "
                + (GOOD.formatted(2, 2).indexOf("plc_tombstone") + "plc_tomb".length()) + " of the line");
        assertThat(lines.get(1).raw()).contains("plc_tomb\\xffstone");
        assertThat(lines.get(2).problem()).isEqualTo("a NUL byte at byte "
                + (GOOD.formatted(3, 3).indexOf("c3\"") + 1) + " of the line");
        assertThat(lines.get(3).problem()).isEqualTo("'cid' holds U+0000");
        assertThat(lines.get(4).problem()).isEqualTo("'cid' holds an unpaired surrogate \\ud800");
        assertThat(lines.get(5).problem()).startsWith("invalid JSON: Duplicate Object property \"did\"");
        assertThat(lines.get(6).problem()).isEqualTo("line longer than 1 MB (" + (GOOD.formatted(7, 7).length()
                + PlcExportFileReader.MAX_LINE_BYTES) + " bytes)");
        assertThat(lines.get(6).raw()).hasSize(PlcExportFileReader.MAX_LINE_BYTES);
        assertThat(lines.get(7).operation().cid()).as("CRLF line ends").isEqualTo("c8");
    }

    /** The line with one byte that cannot start UTF-8, 0xff, in place of "ÿ". */
    private static byte[] invalidUtf8(String line) {
        String marked = line.replace("plc_tombstone", "plc_tomb\u00ffstone");
        byte[] bytes = marked.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return bytes;
    }

    @Test
    void aParserThreadThatDiesFailsTheReadWithItsCause() throws Exception {
        PlcExportFileReader reader = new PlcExportFileReader("exploding", () -> new java.io.InputStream() {
            @Override
            public int read() {
                throw new OutOfMemoryError("Java heap space (as a 50 MB line once caused)");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return read();
            }
        }, -1, DidPartition.ALL);
        reader.open(new ExecutionContext());
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(reader::read).isInstanceOf(ItemStreamException.class)
                    .hasMessageContaining("reading exploding after byte 0: Java heap space")
                    .hasCauseInstanceOf(OutOfMemoryError.class);
        } finally {
            reader.close();
        }
    }
}
