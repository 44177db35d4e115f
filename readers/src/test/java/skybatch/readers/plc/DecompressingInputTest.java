package skybatch.readers.plc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.Test;

class DecompressingInputTest {

    private static final String TEXT = "{\"line\":1}\n{\"line\":2}\n".repeat(1000);

    interface Compressor {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    static byte[] compress(String text, Compressor compressor) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = compressor.wrap(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static String read(byte[] bytes) throws IOException {
        try (InputStream in = DecompressingInput.open(new ByteArrayInputStream(bytes), "test.gz")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsEveryCompressionByContent() throws IOException {
        assertThat(read(TEXT.getBytes(StandardCharsets.UTF_8))).isEqualTo(TEXT);
        assertThat(read(compress(TEXT, GZIPOutputStream::new))).isEqualTo(TEXT);
        assertThat(read(compress(TEXT, ZstdCompressorOutputStream::new))).isEqualTo(TEXT);
        assertThat(read(compress(TEXT, BZip2CompressorOutputStream::new))).isEqualTo(TEXT);
        assertThat(read(compress(TEXT, XZCompressorOutputStream::new))).isEqualTo(TEXT);
    }

    @Test
    void readsGzipMembersBackToBack() throws IOException {
        byte[] first = compress("{\"part\":1}\n", GZIPOutputStream::new);
        byte[] second = compress("{\"part\":2}\n", GZIPOutputStream::new);
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        assertThat(read(both)).isEqualTo("{\"part\":1}\n{\"part\":2}\n");
    }

    @Test
    void aTruncatedArchiveFailsLoudly() throws IOException {
        byte[] whole = compress(TEXT, GZIPOutputStream::new);
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);
        assertThatThrownBy(() -> read(truncated)).isInstanceOf(IOException.class);
    }

    @Test
    void garbageAfterAValidStreamIsNamedWithItsPosition() throws IOException {
        byte[] valid = compress(TEXT, GZIPOutputStream::new);
        byte[] withGarbage = java.util.Arrays.copyOf(valid, valid.length + 20);
        System.arraycopy("appended by mistake\n".getBytes(StandardCharsets.UTF_8), 0, withGarbage, valid.length, 20);

        assertThatThrownBy(() -> read(withGarbage)).isInstanceOf(IOException.class)
                .hasMessage("reading test.gz: Unexpected data after a valid .gz stream. at byte "
                        + (valid.length + 1) + " of the compressed input");
    }
}
