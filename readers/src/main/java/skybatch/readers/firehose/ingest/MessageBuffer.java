package skybatch.readers.firehose.ingest;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reassembles one WebSocket message from its fragments, keeping at most {@code cap} bytes: past the cap the rest
 * is only counted, so an oversized message never takes more memory than the cap.
 */
final class MessageBuffer {

    private final int cap;
    private byte[] bytes = new byte[16 << 10];
    private int kept;
    private long total;

    MessageBuffer(int cap) {
        this.cap = cap;
    }

    void add(ByteBuffer fragment) {
        int n = fragment.remaining();
        total += n;
        int room = Math.min(n, cap - kept);
        if (room > 0) {
            if (bytes.length < kept + room) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(cap, Math.max(2L * bytes.length, kept + room)));
            }
            fragment.get(bytes, kept, room);
            kept += room;
        }
        fragment.position(fragment.limit());
    }

    boolean oversized() {
        return total > cap;
    }

    /** The message's size in bytes, counted in full even when it is oversized. */
    long size() {
        return total;
    }

    /** The message (its first {@code cap} bytes when oversized); the buffer is empty again afterwards. */
    byte[] take() {
        byte[] message = Arrays.copyOf(bytes, kept);
        kept = 0;
        total = 0;
        if (bytes.length > 1 << 20) {
            bytes = new byte[16 << 10]; // do not keep a large message's buffer for the small ones after it
        }
        return message;
    }
}
