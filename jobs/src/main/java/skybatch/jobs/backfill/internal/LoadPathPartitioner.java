package skybatch.jobs.backfill.internal;

import java.sql.SQLException;
import java.util.Map;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import skybatch.writers.aggregate.FullRecount;
import skybatch.writers.record.Recounts;

/**
 * Decides, once before the first worker writes, whether the backfill is a first load (the record tables are empty,
 * or an earlier first load has not finished its recount: {@link FullRecount#noteIfEmpty()}), and puts the path into
 * every share's execution context. A restart keeps the shares' contexts, so it stays on the path it started on.
 */
public class LoadPathPartitioner implements Partitioner {

    /** {@link Recounts#name()} of the share's path. */
    public static final String RECOUNTS = "load.recounts";

    private final Partitioner shares;
    private final FullRecount fullRecount;

    public LoadPathPartitioner(Partitioner shares, FullRecount fullRecount) {
        this.shares = shares;
        this.fullRecount = fullRecount;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Recounts path;
        try {
            path = fullRecount.noteIfEmpty() ? Recounts.FULL_RECOUNT_FOLLOWS : Recounts.NOTED;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell whether the record tables are empty: " + e.getMessage(), e);
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
