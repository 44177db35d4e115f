package skybatch.jobs.backfill.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.partition.PartitionNameProvider;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import skybatch.writers.backfill.BackfillQueue;

/**
 * Splits the run's queued repositories into {@code count} shares by PDS: every repository of one PDS in one
 * share, largest PDSes first into the least loaded share. Used when the shares run in several worker processes:
 * then each PDS is fetched by one process, and its concurrency and rate limits hold for all of them together.
 * A restart keeps the shares of the first run (they are in the partitions' execution contexts).
 */
public class PdsPartitioner implements Partitioner, PartitionNameProvider {

    /** The share's PDSes, one a line. */
    public static final String PDSES = "share.pdses";

    private final BackfillQueue queue;
    private final long jobInstanceId;
    private final int count;

    public PdsPartitioner(BackfillQueue queue, long jobInstanceId, int count) {
        this.queue = queue;
        this.jobInstanceId = jobInstanceId;
        this.count = Math.max(1, count);
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        List<List<String>> shares = new ArrayList<>();
        long[] loads = new long[count];
        for (int i = 0; i < count; i++) {
            shares.add(new ArrayList<>());
        }
        for (Map.Entry<String, Long> pds : queue.countsByPds(jobInstanceId).entrySet()) {
            int lightest = 0;
            for (int i = 1; i < count; i++) {
                if (loads[i] < loads[lightest]) {
                    lightest = i;
                }
            }
            shares.get(lightest).add(pds.getKey());
            loads[lightest] += pds.getValue();
        }
        Map<String, ExecutionContext> contexts = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            ExecutionContext context = new ExecutionContext();
            context.putString(PDSES, String.join("\n", shares.get(i)));
            contexts.put(name(i), context);
        }
        return contexts;
    }

    @Override
    public Collection<String> getPartitionNames(int gridSize) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(name(i));
        }
        return names;
    }

    private static String name(int index) {
        return "pds" + index;
    }

    /** The PDSes of a share, as {@link #partition} wrote them. */
    public static List<String> pdses(String share) {
        return share.isEmpty() ? List.of() : List.of(share.split("\n"));
    }
}
