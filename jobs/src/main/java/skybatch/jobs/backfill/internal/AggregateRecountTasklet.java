package skybatch.jobs.backfill.internal;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import skybatch.writers.aggregate.AggregateRecounter;
import skybatch.writers.aggregate.FullRecount;

/**
 * The backfill's last step: after a first load, first recounts every post and account in one set-based
 * transaction ({@link FullRecount}); then the posts and accounts noted as changed, a batch per transaction, until
 * none is left. A restart after a crash continues with what is still to do: the full recount's note goes in the
 * transaction that does it.
 */
public final class AggregateRecountTasklet implements Tasklet {

    /** Posts and accounts per transaction: large enough to amortize a commit, small enough to keep locks short. */
    private static final int BATCH = 5_000;

    private final FullRecount fullRecount;
    private final AggregateRecounter recounter;

    public AggregateRecountTasklet(FullRecount fullRecount, AggregateRecounter recounter) {
        this.fullRecount = fullRecount;
        this.recounter = recounter;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        long wholeTables = fullRecount.recountIfDue();
        if (wholeTables >= 0) {
            contribution.incrementWriteCount(wholeTables);
            return RepeatStatus.CONTINUABLE;
        }
        int recounted = recounter.recountNext(BATCH);
        contribution.incrementWriteCount(recounted);
        return RepeatStatus.continueIf(recounted > 0);
    }
}
