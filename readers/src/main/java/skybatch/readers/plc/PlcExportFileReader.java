package skybatch.readers.plc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;

/**
 * Reads an export file (or standard input) line by line. A background thread decompresses and parses ahead into
 * a bounded queue, so parsing runs while the step's writer waits on PostgreSQL. The position saved at each
 * commit is the number of the last line handed to the step; on restart the reader skips that many lines.
 */
public class PlcExportFileReader implements PlcExportReader {

    static final String LINE_KEY = "plc.file.line";
    /** Lines travel between the threads in batches: one hand-off per line would cost more than parsing it. */
    private static final int BATCH = 512;
    private static final int QUEUE_CAPACITY = 16;
    private static final Object END = new Object();
    /** An export operation is a few KB; a longer line is quarantined without being held whole. */
    static final int MAX_LINE_BYTES = 1 << 20;

    private final String source;
    private final Supplier<InputStream> opener;
    private final long totalBytes;
    private final DidPartition partition;
    private final PlcLineParser parser = new PlcLineParser();
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong bytesRead = new AtomicLong();
    private Thread producer;
    private Iterator<PlcExportLine> batch = Collections.emptyIterator();
    private long lastLine;
    private boolean finished;

    public PlcExportFileReader(String source, Supplier<InputStream> opener, long totalBytes,
            DidPartition partition) {
        this.source = source;
        this.opener = opener;
        this.totalBytes = totalBytes;
        this.partition = partition;
    }

    public static PlcExportFileReader forPath(Path path) {
        return forPath(path, DidPartition.ALL);
    }

    /** Reads only the lines of one share of the DIDs; line numbers stay those of the whole file. */
    public static PlcExportFileReader forPath(Path path, DidPartition partition) {
        return new PlcExportFileReader(path.toString(), () -> {
            try {
                return Files.newInputStream(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open " + path + ": " + e.getMessage(), e);
            }
        }, sizeOf(path), partition);
    }

    /** Standard input cannot be read twice, so a restarted stdin import must be fed the same data again. */
    public static PlcExportFileReader forStdin() {
        return new PlcExportFileReader("stdin", () -> System.in, -1, DidPartition.ALL);
    }

    @Override
    public void open(ExecutionContext context) {
        lastLine = context.getLong(LINE_KEY, 0L);
        long skip = lastLine;
        producer = new Thread(() -> produce(skip), "plc-export-parser");
        producer.setDaemon(true);
        producer.start();
    }

    private void produce(long skip) {
        try (InputStream raw = new CountingInputStream(opener.get(), bytesRead);
                InputStream text = DecompressingInput.open(raw, source)) {
            LineReader lines = new LineReader(text, MAX_LINE_BYTES);
            long number = 0;
            List<PlcExportLine> parsed = new ArrayList<>(BATCH);
            LineReader.Line line;
            while ((line = lines.next(partition)) != null) {
                number++;
                if (line == LineReader.FOREIGN || number <= skip || !usable(lines, line)) {
                    continue;
                }
                parsed.add(PlcExportLine.ofFile(source, "line " + number, lines, line, parser));
                if (parsed.size() == BATCH) {
                    queue.put(parsed);
                    parsed = new ArrayList<>(BATCH);
                }
            }
            if (!parsed.isEmpty()) {
                queue.put(parsed);
            }
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (DecompressingInput.CorruptInputException e) {
            offerFailure(new ItemStreamException(e.getMessage(), e));
        } catch (Throwable e) {
            // Whatever ends this thread (an OutOfMemoryError too) must fail the step, which waits on the queue.
            offerFailure(new ItemStreamException("reading " + source + " after byte " + bytesRead.get()
                    + ": " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e));
        }
    }

    /** Whether the line is not blank and is this partition's; a line still as its bytes is told so from them. */
    private boolean usable(LineReader lines, LineReader.Line line) {
        return line.text() == null ? !lines.blank() && partition.owns(lines.bytes(), lines.length())
                : !line.text().isBlank() && partition.owns(line.text());
    }

    private void offerFailure(ItemStreamException failure) {
        try {
            queue.put(failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public PlcExportLine read() throws InterruptedException {
        while (!batch.hasNext()) {
            if (finished) {
                return null;
            }
            Object next = queue.take();
            if (next == END) {
                finished = true;
                return null;
            }
            if (next instanceof ItemStreamException failure) {
                finished = true;
                throw failure;
            }
            batch = ((List<PlcExportLine>) next).iterator();
        }
        PlcExportLine line = batch.next();
        lastLine = Long.parseLong(line.position().substring("line ".length()));
        return line;
    }

    @Override
    public void update(ExecutionContext context) {
        context.putLong(LINE_KEY, lastLine);
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.interrupt();
            producer = null;
        }
        queue.clear();
    }

    @Override
    public long bytesRead() {
        return bytesRead.get();
    }

    @Override
    public long totalBytes() {
        return totalBytes;
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }
}
