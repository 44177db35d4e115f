package skybatch.readers.plc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static final int QUEUE_CAPACITY = 8192;
    private static final Object END = new Object();

    private final String source;
    private final Supplier<InputStream> opener;
    private final long totalBytes;
    private final PlcLineParser parser = new PlcLineParser();
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong bytesRead = new AtomicLong();
    private Thread producer;
    private long lastLine;
    private boolean finished;

    public PlcExportFileReader(String source, Supplier<InputStream> opener, long totalBytes) {
        this.source = source;
        this.opener = opener;
        this.totalBytes = totalBytes;
    }

    public static PlcExportFileReader forPath(Path path) {
        return new PlcExportFileReader(path.toString(), () -> {
            try {
                return Files.newInputStream(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open " + path + ": " + e.getMessage(), e);
            }
        }, sizeOf(path));
    }

    /** Standard input cannot be read twice, so a restarted stdin import must be fed the same data again. */
    public static PlcExportFileReader forStdin() {
        return new PlcExportFileReader("stdin", () -> System.in, -1);
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
                BufferedReader lines = new BufferedReader(
                        new InputStreamReader(DecompressingInput.open(raw), StandardCharsets.UTF_8), 1 << 16)) {
            long number = 0;
            String line;
            while ((line = lines.readLine()) != null) {
                number++;
                if (number <= skip || line.isBlank()) {
                    continue;
                }
                queue.put(PlcExportLine.parsed(source, "line " + number, line, parser));
            }
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            offerFailure(new ItemStreamException("reading " + source + " after byte " + bytesRead.get()
                    + ": " + e.getMessage(), e));
        }
    }

    private void offerFailure(ItemStreamException failure) {
        try {
            queue.put(failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public PlcExportLine read() throws InterruptedException {
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
        PlcExportLine line = (PlcExportLine) next;
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
