package skybatch.jobs.backfill.internal;

import java.util.List;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import skybatch.writers.backfill.BackfillQueue;
import skybatch.writers.derived.ThreadsAndNotifications;

/**
 * After the records: for the run's repositories, a batch of accounts per transaction, the gate and validity flags of
 * the posts their records can change, then the notifications, as the app-view's indexer leaves them when records
 * arrive in creation order. The last account done is kept in the step's context, which commits with the batch; a
 * batch done twice comes out the same.
 */
public class ThreadsAndNotificationsTasklet implements Tasklet {

    /** Accounts per transaction. */
    private static final int BATCH = 500;
    private static final String AFTER = "afterDid";

    private final BackfillQueue queue;
    private final long jobInstanceId;
    private final ThreadsAndNotifications derived;

    public ThreadsAndNotificationsTasklet(BackfillQueue queue, long jobInstanceId, ThreadsAndNotifications derived) {
        this.queue = queue;
        this.jobInstanceId = jobInstanceId;
        this.derived = derived;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        ExecutionContext context = chunkContext.getStepContext().getStepExecution().getExecutionContext();
        List<String> dids = queue.runDids(jobInstanceId, context.getString(AFTER, ""), BATCH);
        if (dids.isEmpty()) {
            return RepeatStatus.FINISHED;
        }
        contribution.incrementWriteCount(derived.write(dids));
        context.putString(AFTER, dids.get(dids.size() - 1));
        return RepeatStatus.CONTINUABLE;
    }
}
