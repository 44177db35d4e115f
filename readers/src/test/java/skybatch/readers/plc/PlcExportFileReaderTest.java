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
            }).isInstanceOf(ItemStreamException.class).hasMessageContaining(file.toString())
                    .hasMessageContaining("after byte");
        } finally {
            reader.close();
        }
    }
}
