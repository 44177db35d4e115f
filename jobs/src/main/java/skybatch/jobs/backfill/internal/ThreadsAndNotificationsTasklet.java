package skybatch.jobs.backfill.internal;

import java.util.List;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import skybatch.writers.backfill.BackfillQueue;
import skybatch.writers.derived.ThreadsAndNotifications;
import skybatch.writers.record.FirstLoadIndexes;

/**
 * After the records: for the run's repositories, a batch of accounts per transaction, the gate and validity flags of
 * the posts their records can change, then the notifications, as the app-view's indexer leaves them when records
 * arrive in creation order. The last account done is kept in the step's context, which commits with the batch; a
 * batch done twice comes out the same.
 *
 * <p>A first load's step (decided with its first batch and kept in its context: the indexes step set every post's
 * flags, there is no notification yet, and every post is of the run's repositories) derives each account's own
 * records only, removing nothing ({@link ThreadsAndNotifications#writeFirstLoad}), into {@code notification} without
 * its secondary indexes, which it builds with its last transaction.
 */
public class ThreadsAndNotificationsTasklet implements Tasklet {

    /** Accounts per transaction. */
    private static final int BATCH = 500;
    private static final String AFTER = "afterDid";
    /** In the step's context: {@code true} on a first load's shorter path. */
    public static final String FIRST_LOAD = "firstLoad";

    private final BackfillQueue queue;
    private final long jobInstanceId;
    private final ThreadsAndNotifications derived;
    private final FirstLoadIndexes notificationIndexes;

    public ThreadsAndNotificationsTasklet(BackfillQueue queue, long jobInstanceId, ThreadsAndNotifications derived,
            FirstLoadIndexes notificationIndexes) {
        this.queue = queue;
        this.jobInstanceId = jobInstanceId;
        this.derived = derived;
        this.notificationIndexes = notificationIndexes;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        ExecutionContext context = chunkContext.getStepContext().getStepExecution().getExecutionContext();
        if (!context.containsKey(FIRST_LOAD)) {
            boolean firstLoad = chunkContext.getStepContext().getStepExecution().getJobExecution()
                    .getExecutionContext().containsKey(FirstLoadIndexesTasklet.FLAGS_SET)
                    && queue.derivesEachAccountAlone(jobInstanceId);
            if (firstLoad) {
                notificationIndexes.drop();
            }
            context.putString(FIRST_LOAD, Boolean.toString(firstLoad));
        }
        boolean firstLoad = Boolean.parseBoolean(context.getString(FIRST_LOAD));
        List<String> dids = queue.runDids(jobInstanceId, context.getString(AFTER, ""), BATCH);
        if (dids.isEmpty()) {
            if (firstLoad) {
                notificationIndexes.build();
            }
            return RepeatStatus.FINISHED;
        }
        contribution.incrementWriteCount(firstLoad ? derived.writeFirstLoad(dids) : derived.write(dids));
        context.putString(AFTER, dids.get(dids.size() - 1));
        return RepeatStatus.CONTINUABLE;
    }
}
