package skybatch.readers.repo;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import skybatch.readers.cid.Cid;
import skybatch.readers.mst.BlockStore;

/**
 * Blocks by CID, on the heap until their bytes reach a budget, then appended to a temporary file that is deleted
 * on {@link #close} (on Linux, unlinked as soon as it is opened, so none is left behind whatever happens). A
 * spilled block costs its index entry on the heap (the CID and a long); a walk reads it back with one positional
 * read, which the page cache mostly serves. The store is filled first, then read.
 */
public final class SpillingBlockStore implements BlockStore, Closeable {

    /** A block's place in the file: offset in the high bits, length (a CAR section is at most 8 MB) in the low 24. */
    private static final int LENGTH_BITS = 24;

    private final long memoryBudget;
    private final Path directory;
    private final Map<Cid, byte[]> inMemory = new HashMap<>();
    private final Map<Cid, Long> spilled = new HashMap<>();
    private long memoryBytes;
    private long totalBytes;
    private FileChannel file;
    private OutputStream appender;
    private long fileLength;

    /** @param directory where the spill file goes when the budget is exceeded */
    public SpillingBlockStore(long memoryBudget, Path directory) {
        this.memoryBudget = memoryBudget;
        this.directory = directory;
    }

    public void put(Cid cid, byte[] data) throws IOException {
        totalBytes += data.length;
        if (memoryBytes + data.length <= memoryBudget) {
            inMemory.put(cid, data);
            memoryBytes += data.length;
            return;
        }
        if (file == null) {
            Path path = Files.createTempFile(directory, "repo-", ".blocks");
            file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE);
            appender = new BufferedOutputStream(Channels.newOutputStream(file), 1 << 16);
        }
        appender.write(data);
        spilled.put(cid, fileLength << LENGTH_BITS | data.length);
        fileLength += data.length;
    }

    @Override
    public byte[] get(Cid cid) {
        byte[] data = inMemory.get(cid);
        if (data != null) {
            return data;
        }
        Long place = spilled.get(cid);
        return place == null ? null : readSpilled(place);
    }

    private byte[] readSpilled(long place) {
        try {
            appender.flush();
            ByteBuffer buffer = ByteBuffer.allocate((int) (place & ((1L << LENGTH_BITS) - 1)));
            long position = place >>> LENGTH_BITS;
            while (buffer.hasRemaining()) {
                if (file.read(buffer, position + buffer.position()) < 0) {
                    throw new IOException("spill file ends early");
                }
            }
            return buffer.array();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a block back from the spill file", e);
        }
    }

    public int size() {
        return inMemory.size() + spilled.size();
    }

    /** The bytes of all blocks, on the heap and in the file. */
    public long totalBytes() {
        return totalBytes;
    }

    public boolean hasSpilled() {
        return file != null;
    }

    @Override
    public void close() throws IOException {
        inMemory.clear();
        spilled.clear();
        if (file != null) {
            file.close();
        }
    }
}
