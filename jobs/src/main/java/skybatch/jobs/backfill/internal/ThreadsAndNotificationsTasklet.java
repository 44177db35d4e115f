package skybatch.jobs.backfill.internal;

import java.util.List;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import skybatch.writers.backfill.BackfillQueue;
import skybatch.writers.notification.NotificationWriter;
import skybatch.writers.thread.ThreadFlagsWriter;
import skybatch.writers.thread.ThreadScope;

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
    private final ThreadScope scope;
    private final ThreadFlagsWriter flags;
    private final NotificationWriter notifications;

    public ThreadsAndNotificationsTasklet(BackfillQueue queue, long jobInstanceId, ThreadScope scope,
            ThreadFlagsWriter flags, NotificationWriter notifications) {
        this.queue = queue;
        this.jobInstanceId = jobInstanceId;
        this.scope = scope;
        this.flags = flags;
        this.notifications = notifications;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        ExecutionContext context = chunkContext.getStepContext().getStepExecution().getExecutionContext();
        List<String> dids = queue.runDids(jobInstanceId, context.getString(AFTER, ""), BATCH);
        if (dids.isEmpty()) {
            return RepeatStatus.FINISHED;
        }
        scope.collect(dids);
        flags.write();
        contribution.incrementWriteCount(notifications.write(dids));
        context.putString(AFTER, dids.get(dids.size() - 1));
        return RepeatStatus.CONTINUABLE;
    }
}
