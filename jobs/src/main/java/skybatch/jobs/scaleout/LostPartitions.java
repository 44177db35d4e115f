package skybatch.jobs.scaleout;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import skybatch.jobs.operations.ProcessMarker;
import skybatch.writers.partition.PartitionHeartbeats;
import skybatch.writers.partition.PartitionHeartbeats.Beat;

/**
 * The manager's watch over the partitions workers have taken: one whose worker stopped beating for longer than
 * the timeout, or whose worker ran on this host and is gone (kill -9), is marked FAILED in the job repository,
 * saying which worker was lost. The repository is the record of what is done, so the partition step then ends,
 * FAILED, and {@code jobs restart} sends exactly the partitions that did not complete.
 */
final class LostPartitions {

    private static final Logger log = LoggerFactory.getLogger(LostPartitions.class);

    private final PartitionHeartbeats heartbeats;
    private final JobRepository jobRepository;
    private final Duration timeout;

    LostPartitions(PartitionHeartbeats heartbeats, JobRepository jobRepository, Duration timeout) {
        this.heartbeats = heartbeats;
        this.jobRepository = jobRepository;
        this.timeout = timeout;
    }

    /** Marks the lost partitions of a job execution FAILED; returns their step names. */
    List<String> markLost(long jobExecutionId) {
        List<String> lost = new ArrayList<>();
        for (Beat beat : heartbeats.of(jobExecutionId)) {
            boolean gone = ProcessMarker.isGone(beat.host(), beat.pid());
            if (!gone && beat.silentFor().compareTo(timeout) < 0) {
                continue;
            }
            StepExecution step = jobRepository.getStepExecution(beat.stepExecutionId());
            if (step != null && step.getStatus().isRunning()) {
                String why = "worker " + beat.worker() + " was lost in partition " + step.getStepName() + " ("
                        + (gone ? "its process is gone" : "silent for " + beat.silentFor().toSeconds() + " s")
                        + "); jobs restart sends the partitions that did not complete again";
                step.setStatus(BatchStatus.FAILED);
                step.setExitStatus(step.getExitStatus().and(ExitStatus.FAILED).addExitDescription(why));
                step.setEndTime(LocalDateTime.now());
                jobRepository.update(step);
                log.warn(why);
                lost.add(step.getStepName());
            }
            heartbeats.release(beat.stepExecutionId());
        }
        return lost;
    }
}
