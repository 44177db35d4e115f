package skybatch.jobs.backfill.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.partition.PartitionNameProvider;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import skybatch.readers.pds.HostLimiter;
import skybatch.writers.backfill.BackfillQueue;
import skybatch.writers.backfill.PdsSlice;

/**
 * Splits the run's queued repositories for worker processes so that each PDS's limits hold for all of them
 * together: every PDS's repositories are cut by DID hash into as many slices as the PDS may have requests in flight
 * ({@code skybatch.backfill.pds-concurrency}, c), and the slices go, largest first, into the least loaded of at most
 * {@code count} partitions. A partition reads one repository at a time, within its own share of each PDS
 * ({@link #shareOf}: a rate of 1/c of the PDS's), so however the partitions spread over workers, one PDS never
 * has more than c requests in flight nor more than its rate per second from all of them. A restart keeps the
 * slices of the first run (they are in the partitions' execution contexts).
 */
public class PdsPartitioner implements Partitioner, PartitionNameProvider {

    /** The partition's slices, one a line: {@code index<TAB>pds}. */
    public static final String SLICES = "share.slices";
    /** Into how many slices each PDS was cut. */
    public static final String SLICES_PER_PDS = "share.slicesPerPds";

    private final BackfillQueue queue;
    private final long jobInstanceId;
    private final int count;
    private final int slicesPerPds;

    public PdsPartitioner(BackfillQueue queue, long jobInstanceId, int count, int slicesPerPds) {
        this.queue = queue;
        this.jobInstanceId = jobInstanceId;
        this.count = Math.max(1, count);
        this.slicesPerPds = Math.max(1, slicesPerPds);
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<PdsSlice, Long> slices = queue.countsBySlice(jobInstanceId, slicesPerPds);
        int partitions = Math.max(1, Math.min(count, slices.size()));
        List<List<PdsSlice>> shares = new ArrayList<>();
        long[] loads = new long[partitions];
        for (int i = 0; i < partitions; i++) {
            shares.add(new ArrayList<>());
        }
        for (Map.Entry<PdsSlice, Long> slice : slices.entrySet()) {
            int lightest = 0;
            for (int i = 1; i < partitions; i++) {
                if (loads[i] < loads[lightest]) {
                    lightest = i;
                }
            }
            shares.get(lightest).add(slice.getKey());
            loads[lightest] += slice.getValue();
        }
        Map<String, ExecutionContext> contexts = new LinkedHashMap<>();
        for (int i = 0; i < partitions; i++) {
            ExecutionContext context = new ExecutionContext();
            context.putString(SLICES, String.join("\n", shares.get(i).stream()
                    .map(slice -> slice.index() + "\t" + slice.pds()).toList()));
            context.putInt(SLICES_PER_PDS, slicesPerPds);
            contexts.put("pds" + i, context);
        }
        return contexts;
    }

    /** The names {@link #partition} gives: the queue's slice counts do not change within a run. */
    @Override
    public Collection<String> getPartitionNames(int gridSize) {
        return partition(gridSize).keySet();
    }

    /** The slices of a partition, as {@link #partition} wrote them. */
    public static List<PdsSlice> slices(String share, int slicesPerPds) {
        List<PdsSlice> slices = new ArrayList<>();
        for (String line : share.isEmpty() ? new String[0] : share.split("\n")) {
            int tab = line.indexOf('\t');
            slices.add(new PdsSlice(line.substring(tab + 1), Integer.parseInt(line.substring(0, tab)), slicesPerPds));
        }
        return slices;
    }

    /**
     * A partition's limits on every PDS when each was cut into {@code slicesPerPds}: one request at a time (it reads
     * one repository at a time anyway) and 1/{@code slicesPerPds} of the PDS's rate.
     */
    public static HostLimiter shareOf(int slicesPerPds, double requestsPerSecond) {
        return new HostLimiter(1, requestsPerSecond <= 0 ? 0 : requestsPerSecond / slicesPerPds);
    }
}
