package skybatch.jobs.labels.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import skybatch.readers.syntax.Did;

/** One partition per labeler: each follows its own journal, at its own position. */
public class LabelerPartitioner implements Partitioner {

    public static final String LABELER = "labeler";

    private final Labelers labelers;

    public LabelerPartitioner(Labelers labelers) {
        this.labelers = labelers;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (Did did : labelers.dids()) {
            ExecutionContext context = new ExecutionContext();
            context.putString(LABELER, did.value());
            partitions.put("labeler " + did.value(), context);
        }
        return partitions;
    }
}
