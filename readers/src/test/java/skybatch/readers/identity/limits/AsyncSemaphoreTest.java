package skybatch.readers.identity.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AsyncSemaphoreTest {

    @Test
    void startsTasksBeyondThePermitsOnlyAsOthersFinishInOrder() {
        AsyncSemaphore semaphore = new AsyncSemaphore(2);
        List<CompletableFuture<Integer>> running = new ArrayList<>();
        List<Integer> started = new ArrayList<>();
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int task = i;
            results.add(semaphore.run(() -> {
                started.add(task);
                CompletableFuture<Integer> work = new CompletableFuture<>();
                running.add(work);
                return work;
            }));
        }
        assertThat(started).containsExactly(0, 1);

        running.get(1).complete(1);
        assertThat(started).containsExactly(0, 1, 2);
        running.get(0).completeExceptionally(new IllegalStateException("failed task"));
        assertThat(started).containsExactly(0, 1, 2, 3);

        assertThat(results.get(1)).isCompletedWithValue(1);
        assertThat(results.get(0)).isCompletedExceptionally();
        assertThat(results.get(2)).isNotDone();
    }

    @Test
    void aTaskThatThrowsReleasesItsPermit() {
        AsyncSemaphore semaphore = new AsyncSemaphore(1);

        CompletableFuture<Object> failed = semaphore.run(() -> {
            throw new IllegalStateException("thrown before any future");
        });

        assertThat(failed).isCompletedExceptionally();
        assertThat(semaphore.run(() -> CompletableFuture.completedFuture("next"))).isCompletedWithValue("next");
    }

    @Test
    void aLongQueueOfTasksThatFailAtOnceDoesNotOverflowTheStack() {
        AsyncSemaphore semaphore = new AsyncSemaphore(1);
        CompletableFuture<Object> first = new CompletableFuture<>();
        semaphore.run(() -> first);
        List<CompletableFuture<Object>> queued = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            queued.add(semaphore.run(() -> CompletableFuture.failedFuture(new IllegalStateException("refused"))));
        }

        first.complete("done");

        assertThat(queued).allSatisfy(task -> assertThat(task).isCompletedExceptionally());
        assertThat(semaphore.run(() -> CompletableFuture.completedFuture("next"))).isCompletedWithValue("next");
    }
}
