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

    /** A compressed stream that cannot be read on, named with the place its decompressor reached. */
    public static final class CorruptInputException extends IOException {
        CorruptInputException(String message, IOException cause) {
            super(message, cause);
        }
    }

    /** @param source names the input in failures */
    public static InputStream open(InputStream raw, String source) throws IOException {
        InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw, 1 << 16);
        String format;
        try {
            format = CompressorStreamFactory.detect(in);
        } catch (CompressorException notCompressed) {
            return in;
        }
        try {
            return new BufferedInputStream(new Positioned(FACTORY.createCompressorInputStream(format, in), source),
                    1 << 16);
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

        private final String source;

        Positioned(CompressorInputStream in, String source) {
            super(in);
            this.source = source;
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
            // An EOFException of a cut-off archive has no message; its name says what happened.
            String what = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            String where = in instanceof InputStreamStatistics statistics
                    ? " at byte " + statistics.getCompressedCount() + " of the compressed input" : "";
            return new CorruptInputException("reading " + source + ": " + what + where, e);
        }
    }
}
