package skybatch.schedules.launch;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * Turns a firing into a Spring Batch run in this thread. A new run is a new job instance identified by the
 * schedule's name and the firing's due time; but when the schedule's last run FAILED or STOPPED, that instance is
 * restarted instead, from its last committed chunk. A job this application does not have is warned about and
 * skipped, so one missing job never stops the scheduler. {@link #stopRunsAndWait()} stops what it runs.
 */
@Component
public class ScheduledLauncher {

    /** The identifying job parameters every scheduled run gets. */
    public static final String SCHEDULE = "schedule";
    public static final String FIRE_TIME = "fireTime";

    private static final Logger log = LoggerFactory.getLogger(ScheduledLauncher.class);
    private static final Duration STOP_POLL = Duration.ofMillis(250);

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final ObjectProvider<Job> jobs;
    private final ObjectProvider<LaunchParameters> launchParameters;
    private final ScheduleHistory history;
    private final Set<Run> running = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    ScheduledLauncher(JobOperator jobOperator, JobRepository jobRepository, ObjectProvider<Job> jobs,
            ObjectProvider<LaunchParameters> launchParameters, ScheduleHistory history) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.jobs = jobs;
        this.launchParameters = launchParameters;
        this.history = history;
    }

    /** Runs the firing to its end; empty when nothing was run. */
    public Optional<JobExecution> launch(Launch launch) throws Exception {
        Optional<Job> job = jobs.stream().filter(j -> j.getName().equals(launch.job())).findFirst();
        if (job.isEmpty()) {
            log.warn("schedule {}: this skybatch has no job named {}; nothing launched", launch.schedule(),
                    launch.job());
            return Optional.empty();
        }
        Optional<JobExecution> last = history.lastExecution(launch.job(), launch.schedule());
        // no earlier run is like a completed one: the firing starts a new run
        BatchStatus lastStatus = last.map(JobExecution::getStatus).orElse(BatchStatus.COMPLETED);
        if (lastStatus.isRunning()) {
            long id = last.get().getId();
            log.warn("schedule {}: {} execution {} of an earlier firing is still {}; this firing is skipped (if its "
                    + "process is gone: bin/skybatch jobs restart {})", launch.schedule(), launch.job(), id,
                    lastStatus, id);
            return Optional.empty();
        }
        if (lastStatus == BatchStatus.FAILED || lastStatus == BatchStatus.STOPPED) {
            JobExecution previous = last.get();
            log.info("schedule {}: restarting {} execution {} ({})", launch.schedule(), launch.job(),
                    previous.getId(), lastStatus);
            return run(launch, previous.getJobParameters(), () -> jobOperator.restart(previous));
        }
        JobParameters parameters = newRunParameters(launch);
        log.info("schedule {}: starting {} with {}", launch.schedule(), launch.job(), text(parameters));
        try {
            return run(launch, parameters, () -> jobOperator.start(job.get(), parameters));
        } catch (JobInstanceAlreadyCompleteException firedBefore) {
            log.info("schedule {}: the firing due {} has already run", launch.schedule(), launch.fireTime());
            return Optional.empty();
        }
    }

    private JobParameters newRunParameters(Launch launch) {
        JobParametersBuilder builder = new JobParametersBuilder();
        launch.parameters().forEach(builder::addString);
        builder.addString(SCHEDULE, launch.schedule()).addString(FIRE_TIME, launch.fireTime().toString());
        JobParameters scheduled = builder.toJobParameters();
        launchParameters.orderedStream().forEach(p -> builder.addJobParameters(p.forNewRun(launch.job(), scheduled)));
        return builder.toJobParameters();
    }

    private Optional<JobExecution> run(Launch launch, JobParameters parameters, BatchRun batchRun) throws Exception {
        Run run = new Run(launch.job(), parameters);
        running.add(run);
        try {
            // checked after registering the run, so that stopRunsAndWait() either sees it or it sees stopping
            if (stopping) {
                log.info("schedule {}: skybatch is stopping; nothing launched", launch.schedule());
                return Optional.empty();
            }
            JobExecution execution = batchRun.execute();
            if (execution.getStatus() == BatchStatus.COMPLETED) {
                log.info("schedule {}: {} execution {} COMPLETED", launch.schedule(), launch.job(), execution.getId());
            } else {
                log.warn("schedule {}: {} execution {} {}{}; the next firing restarts it (to start afresh instead: "
                        + "bin/skybatch jobs abandon {})", launch.schedule(), launch.job(), execution.getId(),
                        execution.getStatus(), firstLine(execution.getExitStatus().getExitDescription()),
                        execution.getId());
            }
            return Optional.of(execution);
        } finally {
            running.remove(run);
        }
    }

    /**
     * Refuses new runs from now on, asks the runs under way to stop at their next chunk boundary and waits until they
     * have: they end STOPPED, and the next firing (in any process) restarts them. The stop is asked again until they
     * end, for a run whose execution was still being created at the first ask.
     */
    public void stopRunsAndWait() throws InterruptedException {
        stopping = true;
        while (!running.isEmpty()) {
            for (Run run : running) {
                JobExecution execution = jobRepository.getLastJobExecution(run.job(), run.parameters());
                if (execution != null && execution.isRunning() && execution.getStatus() != BatchStatus.STOPPING) {
                    requestStop(execution);
                }
            }
            Thread.sleep(STOP_POLL.toMillis());
        }
    }

    /**
     * Marks the execution STOPPING in the job repository, where its steps look at every chunk boundary. Not
     * JobOperator.stop: with an execution read back from the repository rather than the running one, it also
     * updates the steps' rows behind their backs, and their next commit then fails on the row version.
     */
    private void requestStop(JobExecution execution) {
        execution.setStatus(BatchStatus.STOPPING);
        try {
            jobRepository.update(execution);
            log.info("{} execution {}: stopping at its next chunk boundary", execution.getJobInstance().getJobName(),
                    execution.getId());
        } catch (OptimisticLockingFailureException updatedMeanwhile) {
            log.debug("execution {} changed meanwhile; asked again on the next call", execution.getId());
        }
    }

    private static String text(JobParameters parameters) {
        return parameters.parameters().stream().map(p -> p.name() + "=" + p.value()).sorted()
                .collect(Collectors.joining(" "));
    }

    private static String firstLine(String text) {
        return text == null || text.isBlank() ? "" : ": " + text.lines().findFirst().orElse("");
    }

    private record Run(String job, JobParameters parameters) {}

    @FunctionalInterface
    private interface BatchRun {
        JobExecution execute() throws Exception;
    }
}
