package skybatch.jobs.backfill.internal;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import skybatch.writers.aggregate.FullRecount;

/**
 * After a first load's records, beside the indexes step (on the other core): every post's and account's counts in
 * one set-based transaction ({@link FullRecount}), which reads the tables by sequential scans and so needs none of
 * the indexes being built. The reply counts leave out replies that break a thread gate, whose flags the threads
 * step sets afterwards: it notes the parents of the replies it flags so, and the aggregates step recounts those.
 * Nothing on the merge path (no full recount is due).
 */
public final class FullRecountTasklet implements Tasklet {

    private final FullRecount fullRecount;

    public FullRecountTasklet(FullRecount fullRecount) {
        this.fullRecount = fullRecount;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        contribution.incrementWriteCount(Math.max(0, fullRecount.recountIfDue()));
        return RepeatStatus.FINISHED;
    }
}
