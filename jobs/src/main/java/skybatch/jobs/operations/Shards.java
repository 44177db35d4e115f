package skybatch.jobs.operations;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The execution contexts of a partitioned step whose workers each take one share of the DIDs: share {@code i}
 * of {@code n}, under the keys {@link #INDEX} and {@link #COUNT}, read by the workers' step-scoped readers.
 */
public final class Shards {

    public static final String INDEX = "partition.index";
    public static final String COUNT = "partition.count";

    private Shards() {}

    public static Map<String, ExecutionContext> of(int count) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            ExecutionContext context = new ExecutionContext();
            context.putInt(INDEX, i);
            context.putInt(COUNT, count);
            partitions.put("partition" + i, context);
        }
        return partitions;
    }
}
