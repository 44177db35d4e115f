package skybatch.jobs.plc.internal;

import java.util.Map;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import skybatch.jobs.operations.Shards;
import skybatch.readers.plc.DidPartition;

/**
 * Splits an export file's DIDs into disjoint shares, one worker step each. Standard input and the export
 * endpoint cannot be read twice, so they get one share.
 */
public class DidPartitioner implements Partitioner {

    private final int count;

    public DidPartitioner(String source, int partitionsForFiles) {
        boolean readOnce = source.equals("-") || source.startsWith("http://") || source.startsWith("https://");
        this.count = readOnce ? 1 : Math.max(1, partitionsForFiles);
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        return Shards.of(count);
    }

    public static DidPartition of(Integer index, Integer count) {
        return index == null ? DidPartition.ALL : new DidPartition(index, count);
    }
}
