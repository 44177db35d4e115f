package skybatch.jobs.plc.internal;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import skybatch.writers.actor.PlcLoadBuild;

/**
 * The import's first step: decides once per job instance whether it loads (the identity tables are empty and can be
 * swapped for tables built beside them: chunks only append to those shadows, and {@link FirstLoadBuildTasklet}
 * swaps them in at the end) or merges (each chunk into the tables). The decision is kept in this step's execution
 * context, which commits with it; a restart skips the completed step and reads the same decision back, so it stays
 * on the same path although its own chunks (a merge) or nothing (a load) changed the tables meanwhile. A load
 * starts by making its shadows afresh, in the same transaction, dropping what an abandoned load left.
 */
public final class ImportPath implements Tasklet {

    public static final String STEP = "plcImportPathStep";
    static final String KEY = "plc.path";
    private static final Logger log = LoggerFactory.getLogger(ImportPath.class);
    private static final String LOAD = "load";
    private static final String MERGE = "merge";

    private final PlcLoadBuild load;
    private final JobRepository repository;
    private final boolean loadAllowed;

    /** @param loadAllowed {@code skybatch.plc.first-load}: false merges always */
    public ImportPath(PlcLoadBuild load, JobRepository repository, boolean loadAllowed) {
        this.load = load;
        this.repository = repository;
        this.loadAllowed = loadAllowed;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        boolean firstLoad = false;
        if (loadAllowed && load.targetsEmpty()) {
            String whyNot = load.whyNotLoadable();
            if (whyNot == null) {
                refuseWhileAnotherLoads(contribution.getStepExecution().getJobExecution());
                load.begin();
                firstLoad = true;
            } else {
                log.warn("The identity tables are empty, but this import merges instead of loading them: {}", whyNot);
            }
        }
        contribution.getStepExecution().getExecutionContext().putString(KEY, firstLoad ? LOAD : MERGE);
        return RepeatStatus.FINISHED;
    }

    /**
     * A new load makes the shadow tables afresh, which would drop the rows another import's load has in them: while
     * that import runs, or may run again (killed, it still reads as running), this one fails instead.
     */
    private void refuseWhileAnotherLoads(JobExecution current) {
        if (!load.inProgress()) {
            return;
        }
        List<Long> others = repository.findRunningJobExecutions(current.getJobInstance().getJobName()).stream()
                .map(JobExecution::getId).filter(id -> !id.equals(current.getId())).sorted().toList();
        if (!others.isEmpty()) {
            long other = others.get(0);
            throw new IllegalStateException("the PLC import of execution " + other + " is running or was killed"
                    + " while it loaded the empty identity tables; its rows wait in skybatch's shadow tables, which a"
                    + " new load would empty: let it end, or restart it (skybatch jobs restart " + other + "), or"
                    + " abandon it (skybatch jobs abandon " + other + "), then import again");
        }
    }

    /**
     * A load's workers write its shadow tables, which its first step made: without them (a load begun by a version
     * of skybatch that staged its rows elsewhere, or shadows dropped by hand) its rows so far are gone, and only a
     * new import can load the tables.
     */
    public static void requireLoadBegun(PlcLoadBuild load, JobExecution execution) {
        if (!load.inProgress()) {
            throw new IllegalStateException("the first load of execution " + execution.getId() + " has no shadow"
                    + " tables (skybatch.plc_load_actor_identity and the others): it began before skybatch kept a"
                    + " first load's rows there, or they were dropped, so what it wrote is gone; abandon it"
                    + " (skybatch jobs abandon " + execution.getId() + ") and import again");
        }
    }

    /** Whether the run of {@code execution} loads, as its first step decided. */
    public static boolean isFirstLoad(JobRepository repository, JobExecution execution) {
        StepExecution decided = repository.getLastStepExecution(execution.getJobInstance(), STEP);
        if (decided == null || !decided.getExecutionContext().containsKey(KEY)) {
            throw new IllegalStateException(STEP + " has not decided how job instance "
                    + execution.getJobInstance().getInstanceId() + " writes");
        }
        return LOAD.equals(decided.getExecutionContext().getString(KEY));
    }
}
