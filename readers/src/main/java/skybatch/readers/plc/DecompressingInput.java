package skybatch.readers.plc;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorInputStream;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.apache.commons.compress.utils.InputStreamStatistics;

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
            return new BufferedInputStream(new Positioned(FACTORY.createCompressorInputStream(format, in)), 1 << 16);
        } catch (CompressorException e) {
            throw new IOException("cannot decompress " + format + ": " + e.getMessage(), e);
        }
    }

    /**
     * Says where in the compressed bytes a failure came (garbage appended after a valid stream, a corrupt block):
     * the position the decompressor reached, exact for gzip and bzip2, within a frame header for xz and zstd. The
     * bytes read from the file are no guide: they run a buffer ahead.
     */
    private static final class Positioned extends FilterInputStream {

        Positioned(CompressorInputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw positioned(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw positioned(e);
            }
        }

        private IOException positioned(IOException e) {
            if (!(in instanceof InputStreamStatistics statistics)) {
                return e;
            }
            String what = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            return new IOException(what + " (at byte " + statistics.getCompressedCount() + " of the compressed input)",
                    e);
        }
    }
}
