package skybatch.jobs.backfill.internal;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import skybatch.writers.record.FirstLoadIndexes;

/**
 * After the records, before anything reads the record tables by their secondary indexes: builds those a first load
 * dropped, in one transaction (nothing on the merge path, which dropped none).
 */
public final class FirstLoadIndexesTasklet implements Tasklet {

    private final FirstLoadIndexes indexes;

    public FirstLoadIndexesTasklet(FirstLoadIndexes indexes) {
        this.indexes = indexes;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        indexes.build();
        return RepeatStatus.FINISHED;
    }
}
