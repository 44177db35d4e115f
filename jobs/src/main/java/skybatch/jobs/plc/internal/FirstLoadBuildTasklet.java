package skybatch.jobs.plc.internal;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import skybatch.writers.actor.PlcLoadBuild;

/**
 * The import's last step: on a first load, builds the identity tables from the stage in one transaction (the
 * step's); on a merge there is nothing left to do. Done again after a crash, it finds either the stage as it was
 * (the pass rolled back) or an empty one (it committed), so the rows end the same.
 */
public final class FirstLoadBuildTasklet implements Tasklet {

    public static final String STEP = "plcImportBuildStep";

    private final PlcLoadBuild build;
    private final JobRepository repository;

    public FirstLoadBuildTasklet(PlcLoadBuild build, JobRepository repository) {
        this.build = build;
        this.repository = repository;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        if (ImportPath.isFirstLoad(repository, contribution.getStepExecution().getJobExecution())) {
            contribution.incrementWriteCount(build.build());
        }
        return RepeatStatus.FINISHED;
    }
}
