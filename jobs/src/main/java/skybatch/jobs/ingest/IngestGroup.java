package skybatch.jobs.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import skybatch.readers.firehose.ingest.StreamIngest;

/**
 * Several ingests run at once, each on a thread of its own, until {@link #stop}; one that fails stops the others,
 * and {@link #await} reports its failure.
 */
public final class IngestGroup {

    private final List<StreamIngest> ingests;
    private final List<CompletableFuture<Void>> runs = new ArrayList<>();

    public IngestGroup(List<StreamIngest> ingests) {
        this.ingests = List.copyOf(ingests);
    }

    /** Starts every ingest, each from where its journal ends. */
    public IngestGroup start() {
        for (int i = 0; i < ingests.size(); i++) {
            StreamIngest ingest = ingests.get(i);
            CompletableFuture<Void> run = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    ingest.run(OptionalLong.empty());
                    run.complete(null);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    run.complete(null);
                } catch (RuntimeException e) {
                    run.completeExceptionally(e);
                    stop();
                }
            }, "ingest-" + i);
            thread.setDaemon(true);
            thread.start();
            runs.add(run);
        }
        return this;
    }

    /** Asks every ingest to stop; safe from any thread. */
    public void stop() {
        ingests.forEach(StreamIngest::stop);
    }

    /** Waits for every ingest to end; rethrows the first failure. */
    public void await() throws InterruptedException {
        RuntimeException failure = null;
        for (CompletableFuture<Void> run : runs) {
            try {
                run.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
