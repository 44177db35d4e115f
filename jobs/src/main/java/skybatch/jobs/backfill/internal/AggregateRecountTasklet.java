package skybatch.jobs.backfill.internal;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import skybatch.writers.aggregate.AggregateRecounter;

/**
 * The backfill's last step: recounts the posts and accounts noted as changed (by the chunks of a merge, by the
 * threads step's flags), a batch per transaction, until none is left; a first load's full recount has run before it
 * ({@link FullRecountTasklet}). A restart after a crash continues with what is still noted.
 */
public final class AggregateRecountTasklet implements Tasklet {

    /** Posts and accounts per transaction: large enough to amortize a commit, small enough to keep locks short. */
    private static final int BATCH = 5_000;

    private final AggregateRecounter recounter;

    public AggregateRecountTasklet(AggregateRecounter recounter) {
        this.recounter = recounter;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        int recounted = recounter.recountNext(BATCH);
        contribution.incrementWriteCount(recounted);
        return RepeatStatus.continueIf(recounted > 0);
    }
}
