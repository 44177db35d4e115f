package skybatch.readers.pds;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import skybatch.readers.support.ReadStoppedException;

/**
 * A response body as the consumer reads it: at most {@code limit} bytes, and network failures (a dropped
 * connection, or the deadline closing the stream) raised as {@link TransientPdsException}s, so that they are told
 * apart from bad content, which the consumer raises itself; a download ended by a stop raises
 * {@link ReadStoppedException}.
 */
final class ResponseBody extends FilterInputStream {

    private final String request;
    private final long limit;
    private long count;
    private volatile boolean timedOut;
    private volatile boolean stopped;

    ResponseBody(InputStream in, String request, long limit) {
        super(in);
        this.request = request;
        this.limit = limit;
    }

    /** Ends the download from another thread: the reader then sees a transient failure. */
    void timeOut() {
        timedOut = true;
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            in.close();
        } catch (IOException ignored) {
            // the reader learns why from the flags
        }
    }

    /** Ends the download from another thread, as its run stops: the reader then sees a {@link ReadStoppedException}. */
    void stop() {
        stopped = true;
        closeQuietly();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            throw stopped ? stopped() : failure(e);
        }
        if (n < 0 && (timedOut || stopped)) {
            throw stopped ? stopped() : failure(null);
        }
        if (n > 0) {
            count += n;
            if (count > limit) {
                throw new RepoTooLargeException(request, limit);
            }
        }
        return n;
    }

    /** Skipped bytes count towards the limit too. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.max(0, Math.min(8192, n))];
        long left = n;
        for (int r; left > 0 && (r = read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0; ) {
            left -= r;
        }
        return n - left;
    }

    /** Without a cause: the stream's failure is only the close that {@link #stop} made. */
    private ReadStoppedException stopped() {
        return new ReadStoppedException(request + " given up after " + count + " bytes: the run is stopping", null);
    }

    private TransientPdsException failure(IOException cause) {
        return new TransientPdsException(request + (timedOut ? ": timed out after " + count + " bytes"
                : ": connection failed after " + count + " bytes: " + cause), cause);
    }
}
