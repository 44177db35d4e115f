package skybatch.jobs.backfill.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** Splits the run's queued repositories into {@code count} shares by a hash of the DID, one worker step each. */
public class QueuePartitioner implements Partitioner {

    public static final String INDEX = "share.index";
    public static final String COUNT = "share.count";

    private final int count;

    public QueuePartitioner(int count) {
        this.count = Math.max(1, count);
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> shares = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            ExecutionContext context = new ExecutionContext();
            context.putInt(INDEX, i);
            context.putInt(COUNT, count);
            shares.put("share" + i, context);
        }
        return shares;
    }
}
