package skybatch.jobs.backfill.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import skybatch.readers.plc.ReadProgress;

/**
 * Reads and processes items on a thread of its own, up to {@code capacity} ahead of the step, so that downloading,
 * walking and decoding repositories overlaps with the chunk writes instead of alternating with them. The step's
 * thread takes the processed items in order; a failure on the reading thread is raised by the next {@link #read}.
 * Reading ahead of the commits is safe here because the delegate keeps no restart state: the queue table does.
 */
public class ReadAheadReader<I, O> implements ItemStreamReader<O>, ReadProgress {

    private static final Object END = new Object();
    private static final long CLOSE_WAIT_SECONDS = 60;

    private final ItemStreamReader<I> delegate;
    private final ItemProcessor<I, O> processor;
    private final ReadProgress progress;
    private final BlockingQueue<Object> ahead;
    private final String threadName;
    private Thread reading;
    private boolean ended;

    public ReadAheadReader(ItemStreamReader<I> delegate, ItemProcessor<I, O> processor, ReadProgress progress,
            int capacity, String threadName) {
        this.delegate = delegate;
        this.processor = processor;
        this.progress = progress;
        this.ahead = new ArrayBlockingQueue<>(Math.max(1, capacity));
        this.threadName = threadName;
    }

    @Override
    public void open(ExecutionContext executionContext) {
        delegate.open(executionContext);
        StepContext step = StepSynchronizationManager.getContext();
        StepExecution stepExecution = step == null ? null : step.getStepExecution();
        reading = new Thread(() -> readAll(stepExecution), threadName);
        reading.setDaemon(true);
        reading.start();
    }

    /** Reads in the step's scope, so that step-scoped delegates resolve on this thread too. */
    private void readAll(StepExecution stepExecution) {
        if (stepExecution != null) {
            StepSynchronizationManager.register(stepExecution);
        }
        try {
            for (I item; (item = delegate.read()) != null; ) {
                O processed = processor.process(item);
                if (processed != null) {
                    ahead.put(processed);
                }
            }
            ahead.put(END);
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            // whatever ends this thread (an OutOfMemoryError too) must reach the step, which waits on the queue
            try {
                ahead.put(new Failure(e));
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        } finally {
            if (stepExecution != null) {
                StepSynchronizationManager.close();
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public O read() throws Exception {
        if (ended) {
            return null;
        }
        Object next = ahead.take();
        if (next == END) {
            ended = true;
            return null;
        }
        if (next instanceof Failure failure) {
            ended = true;
            if (failure.cause() instanceof Exception e) {
                throw e;
            }
            throw new ItemStreamException(threadName + " died: " + failure.cause(), failure.cause());
        }
        return (O) next;
    }

    @Override
    public void update(ExecutionContext executionContext) {
        // the delegate's state is read on the reading thread; it keeps none worth saving (see above)
    }

    @Override
    public void close() {
        if (reading != null) {
            reading.interrupt();
            ahead.clear();
            try {
                reading.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ItemStreamException("interrupted while the reading thread stopped", e);
            }
            reading = null;
        }
        delegate.close();
    }

    @Override
    public long bytesRead() {
        return progress.bytesRead();
    }

    @Override
    public long totalBytes() {
        return progress.totalBytes();
    }

    private record Failure(Throwable cause) {}
}
