package skybatch.jobs.backfill.internal;

import java.sql.SQLException;
import java.util.Map;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import skybatch.writers.aggregate.FullRecount;
import skybatch.writers.record.FirstLoadIndexes;
import skybatch.writers.record.Recounts;

/**
 * Decides, once before the first worker writes, whether the backfill is a first load (the record tables are empty,
 * or an earlier first load has not finished its recount: {@link FullRecount#noteIfEmpty()}), and puts the path into
 * every share's execution context. A restart keeps the shares' contexts, so it stays on the path it started on. On
 * a first load it also drops the record tables' secondary indexes ({@link FirstLoadIndexes}), which the step after
 * the records builds again.
 */
public class LoadPathPartitioner implements Partitioner {

    /** {@link Recounts#name()} of the share's path. */
    public static final String RECOUNTS = "load.recounts";

    private final Partitioner shares;
    private final FullRecount fullRecount;
    private final FirstLoadIndexes indexes;

    public LoadPathPartitioner(Partitioner shares, FullRecount fullRecount, FirstLoadIndexes indexes) {
        this.shares = shares;
        this.fullRecount = fullRecount;
        this.indexes = indexes;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Recounts path;
        try {
            path = fullRecount.noteIfEmpty() ? Recounts.FULL_RECOUNT_FOLLOWS : Recounts.NOTED;
            if (path == Recounts.FULL_RECOUNT_FOLLOWS) {
                indexes.drop();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the load path: " + e.getMessage(), e);
        }
        Map<String, ExecutionContext> contexts = shares.partition(gridSize);
        contexts.values().forEach(context -> context.putString(RECOUNTS, path.name()));
        return contexts;
    }

    /** The path a share's context names; a share made before there were two paths notes its counts. */
    public static Recounts recounts(String name) {
        return name == null ? Recounts.NOTED : Recounts.valueOf(name);
    }
}
