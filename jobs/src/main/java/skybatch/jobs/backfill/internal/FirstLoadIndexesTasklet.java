package skybatch.jobs.backfill.internal;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import skybatch.writers.aggregate.FullRecount;
import skybatch.writers.derived.ThreadsAndNotifications;
import skybatch.writers.record.FirstLoadIndexes;

/**
 * After the records, before anything reads the record tables by their secondary indexes: on a first load (its full
 * recount still due), sets every post's gate and validity flags while {@code post} has only its primary key and
 * unique indexes (its rows were written by COPY, so no update is HOT, and each would add to every index), then builds
 * {@code post}'s indexes the first load dropped, in one transaction, while a second connection builds the other
 * tables' (see {@link FirstLoadIndexes#build(String, FirstLoadIndexes.Work)}); and says in the job's context that the
 * flags are set, for the threads step ({@link ThreadsAndNotificationsTasklet}). Nothing on the merge path, which
 * dropped none.
 */
public final class FirstLoadIndexesTasklet implements Tasklet {

    /** In the job's execution context: every post's flags were set after the run's last record. */
    public static final String FLAGS_SET = "backfill.firstLoadFlagsSet";
    /** The table whose rows the flags are in: its indexes are built after the flags, in their transaction. */
    private static final String FLAGGED = "post";

    private final FirstLoadIndexes indexes;
    private final FullRecount fullRecount;
    private final ThreadsAndNotifications derived;

    public FirstLoadIndexesTasklet(FirstLoadIndexes indexes, FullRecount fullRecount,
            ThreadsAndNotifications derived) {
        this.indexes = indexes;
        this.fullRecount = fullRecount;
        this.derived = derived;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        boolean firstLoad = fullRecount.due();
        indexes.build(FLAGGED, firstLoad ? derived::writeAllFlags : () -> {});
        if (firstLoad) {
            chunkContext.getStepContext().getStepExecution().getJobExecution().getExecutionContext()
                    .putString(FLAGS_SET, "true");
        }
        return RepeatStatus.FINISHED;
    }
}
