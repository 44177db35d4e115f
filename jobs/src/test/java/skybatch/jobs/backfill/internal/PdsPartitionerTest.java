package skybatch.jobs.backfill.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import skybatch.writers.backfill.BackfillQueue;
import skybatch.writers.backfill.PdsSlice;
import skybatch.writers.backfill.QueuedRepo;
import skybatch.writers.backfill.RepoStatus;
import skybatch.writers.testing.TestDatabase;

/**
 * The remote backfill's shares on a real queue: every repository in exactly one partition, no PDS in more partitions
 * than its concurrency, the partitions balanced, and the same shares when asked again (a restart).
 */
class PdsPartitionerTest {

    private static final long RUN = 7;
    private static final int CONCURRENCY = 4;
    /** Repositories per PDS: one large PDS, several middling ones, and some with fewer than CONCURRENCY. */
    private static final int[] SIZES = {400, 120, 100, 100, 90, 60, 3, 2, 1, 1};

    private static TestDatabase database;
    private static BackfillQueue queue;

    @BeforeAll
    static void queueRepositories() {
        database = TestDatabase.migrated();
        queue = new BackfillQueue(database.dataSource(), "bsky");
        for (int p = 0; p < SIZES.length; p++) {
            List<QueuedRepo> repos = new ArrayList<>();
            for (int r = 0; r < SIZES[p]; r++) {
                repos.add(new QueuedRepo(String.format("did:plc:p%02dr%05d", p, r), "https://pds" + p + ".example"));
            }
            queue.enqueue(RUN, repos, RepoStatus.PENDING, null);
        }
        // another run's repositories are no part of this one's shares
        queue.enqueue(RUN + 1, List.of(new QueuedRepo("did:plc:other", "https://pds0.example")), RepoStatus.PENDING,
                null);
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void everyRepositoryIsInOnePartitionAndNoPdsInMorePartitionsThanItsConcurrency() {
        Map<String, ExecutionContext> partitions = new PdsPartitioner(queue, RUN, 16, CONCURRENCY).partition(16);

        assertThat(partitions).hasSize(16);
        Set<String> seen = new HashSet<>();
        Map<String, Set<String>> partitionsOfPds = new HashMap<>();
        List<Integer> loads = new ArrayList<>();
        for (Map.Entry<String, ExecutionContext> partition : partitions.entrySet()) {
            List<PdsSlice> slices = slicesOf(partition.getValue());
            slices.forEach(slice -> partitionsOfPds.computeIfAbsent(slice.pds(), pds -> new HashSet<>())
                    .add(partition.getKey()));
            List<QueuedRepo> repos = queue.pendingIn(RUN, slices, null, 10_000);
            repos.forEach(repo -> assertThat(seen.add(repo.did())).as(repo.did() + " in two partitions").isTrue());
            loads.add(repos.size());
        }
        assertThat(seen).hasSize(877).doesNotContain("did:plc:other");
        assertThat(partitionsOfPds).hasSize(SIZES.length);
        partitionsOfPds.values().forEach(names -> assertThat(names.size()).isBetween(1, CONCURRENCY));
        assertThat(partitionsOfPds.get("https://pds0.example")).hasSize(CONCURRENCY);
        // the largest PDS's slices (about 100 each) are the unit: no partition is further from another than one
        assertThat(loads.stream().mapToInt(Integer::intValue).max().getAsInt()
                - loads.stream().mapToInt(Integer::intValue).min().getAsInt()).isLessThan(130);
    }

    @Test
    void fewerSlicesThanPartitionsMakeOnePartitionPerSlice() {
        Map<String, ExecutionContext> partitions = new PdsPartitioner(queue, RUN, 100, CONCURRENCY).partition(100);

        // six PDSes with at least four repositories, four slices each, and 3 + 2 + 1 + 1 repositories in slices
        // of their own: at most 31 slices, and none empty
        assertThat(partitions.size()).isBetween(24 + 4, 31);
        partitions.values().forEach(context -> assertThat(slicesOf(context)).hasSize(1));
        partitions.values().forEach(context -> assertThat(queue.pendingIn(RUN, slicesOf(context), null, 10))
                .isNotEmpty());
    }

    @Test
    void aRestartGetsTheSamePartitions() {
        PdsPartitioner partitioner = new PdsPartitioner(queue, RUN, 12, CONCURRENCY);

        assertThat(partitioner.getPartitionNames(12)).containsExactlyElementsOf(partitioner.partition(12).keySet());
        assertThat(new PdsPartitioner(queue, RUN, 12, CONCURRENCY).partition(12)).isEqualTo(partitioner.partition(12));
    }

    @Test
    void aPartitionHasOneRequestAtATimeAndItsShareOfTheRate() throws Exception {
        var share = PdsPartitioner.shareOf(CONCURRENCY, 20);
        share.acquire("pds0.example");
        Thread second = new Thread(() -> {
            try {
                share.acquire("pds0.example");
                share.release("pds0.example");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        second.start();
        second.join(200);

        assertThat(second.isAlive()).as("a second request waits for the first").isTrue();
        share.release("pds0.example");
        second.join();
    }

    private static List<PdsSlice> slicesOf(ExecutionContext context) {
        return PdsPartitioner.slices(context.getString(PdsPartitioner.SLICES),
                context.getInt(PdsPartitioner.SLICES_PER_PDS));
    }
}
