package skybatch.jobs.verify.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import skybatch.writers.verification.HandleCheck;

/**
 * Waits for a chunk's checks, all in flight at once, then hands the results to the table writer in the chunk's
 * transaction. Two DIDs of one chunk verified for the same handle (its DNS changed between the two checks) cannot
 * both hold it: the later one keeps it, the earlier one is retried soon, as after a transient failure.
 */
public class AwaitingWriter implements ItemWriter<CompletableFuture<HandleCheck>> {

    private final ItemWriter<HandleCheck> delegate;

    public AwaitingWriter(ItemWriter<HandleCheck> delegate) {
        this.delegate = delegate;
    }

    @Override
    public void write(Chunk<? extends CompletableFuture<HandleCheck>> chunk) throws Exception {
        CompletableFuture.allOf(chunk.getItems().toArray(CompletableFuture[]::new)).join();
        List<HandleCheck> checks = new ArrayList<>(chunk.size());
        java.util.Map<String, Integer> validHolder = new java.util.HashMap<>();
        for (CompletableFuture<HandleCheck> future : chunk) {
            HandleCheck check = future.join();
            if (check.valid()) {
                Integer earlier = validHolder.put(check.handle(), checks.size());
                if (earlier != null) {
                    HandleCheck other = checks.get(earlier);
                    checks.set(earlier, new HandleCheck(other.did(), other.handle(), HandleCheck.PENDING,
                            other.plcCid(), other.checkedAt(), other.checkedAt().plusSeconds(3600), 1,
                            "the handle was verified for " + check.did() + " in the same chunk"));
                }
            }
            checks.add(check);
        }
        delegate.write(new Chunk<>(checks));
    }
}
