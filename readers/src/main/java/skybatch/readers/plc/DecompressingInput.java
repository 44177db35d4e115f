package skybatch.readers.plc;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/**
 * Opens a stream of any compression Commons Compress knows (gzip, zstd, bzip2, xz, ...), detected from its first
 * bytes rather than its name, or passes it through when it is not compressed. Concatenated members (several
 * gzip files back to back, as {@code cat a.gz b.gz} makes) are read as one stream.
 */
public final class DecompressingInput {

    private static final CompressorStreamFactory FACTORY = new CompressorStreamFactory(true);

    private DecompressingInput() {}

    public static InputStream open(InputStream raw) throws IOException {
        InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw, 1 << 16);
        String format;
        try {
            format = CompressorStreamFactory.detect(in);
        } catch (CompressorException notCompressed) {
            return in;
        }
        try {
            return new BufferedInputStream(FACTORY.createCompressorInputStream(format, in), 1 << 16);
        } catch (CompressorException e) {
            throw new IOException("cannot decompress " + format + ": " + e.getMessage(), e);
        }
    }
}
