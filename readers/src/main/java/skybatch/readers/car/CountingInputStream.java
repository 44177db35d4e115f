package skybatch.readers.car;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes read, for error offsets, and can end the stream early at a limit (a CARv2's data size). */
final class CountingInputStream extends FilterInputStream {

    private long position;
    private long limit = Long.MAX_VALUE;

    CountingInputStream(InputStream in) {
        super(in);
    }

    long position() {
        return position;
    }

    /** Makes the stream end once {@code position} reaches {@code limit}. */
    void limitTo(long limit) {
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        if (position >= limit) {
            return -1;
        }
        int b = super.read();
        if (b >= 0) {
            position++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (position >= limit) {
            return -1;
        }
        int n = super.read(b, off, (int) Math.min(len, limit - position));
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, limit - position));
        position += skipped;
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
