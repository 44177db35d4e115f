package skybatch.jobs.backfill.internal;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import skybatch.writers.aggregate.FullRecount;

/**
 * After a first load's records and indexes, beside the threads step (which is one backend's statements, so the
 * server's other core is free): every post's and account's counts in one set-based transaction
 * ({@link FullRecount}). The reply counts leave out replies that break a thread gate, which the threads step flags
 * meanwhile; either order of the two commits ends with the same counts: the threads step notes, with the flags it
 * sets, the parents whose replies' counting changes; the full recount's snapshot either sees those flags (and takes
 * the notes off, as counted) or neither (and the aggregates step after both recounts the noted parents). Nothing on
 * the merge path (no full recount is due).
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
