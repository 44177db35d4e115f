package skybatch.jobs.scaleout;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.MessageChannelPartitionHandler;

/**
 * Sends the partitions to the workers and waits for the job repository to show them ended (Spring Batch
 * Integration's {@link MessageChannelPartitionHandler}), while {@link LostPartitions} marks those of lost workers
 * FAILED, so that a killed worker fails the run instead of holding it forever.
 */
final class RemotePartitionHandler implements PartitionHandler {

    private static final Logger log = LoggerFactory.getLogger(RemotePartitionHandler.class);

    private final MessageChannelPartitionHandler sender;
    private final LostPartitions lostPartitions;
    private final Duration watchInterval;

    RemotePartitionHandler(MessageChannelPartitionHandler sender, LostPartitions lostPartitions,
            Duration watchInterval) {
        this.sender = sender;
        this.lostPartitions = lostPartitions;
        this.watchInterval = watchInterval;
    }

    @Override
    public Collection<StepExecution> handle(StepExecutionSplitter splitter, StepExecution managerStep)
            throws Exception {
        ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(
                runnable -> new Thread(runnable, "lost-partitions-" + managerStep.getJobExecutionId()));
        watch.scheduleWithFixedDelay(() -> {
            try {
                lostPartitions.markLost(managerStep.getJobExecutionId());
            } catch (RuntimeException e) {
                log.warn("looking for lost workers of execution {}: {}", managerStep.getJobExecutionId(),
                        e.toString());
            }
        }, watchInterval.toMillis(), watchInterval.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return sender.handle(splitter, managerStep);
        } finally {
            watch.shutdownNow();
        }
    }
}
