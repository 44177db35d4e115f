package skybatch.jobs.scaleout;

import java.time.Duration;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.integration.partition.MessageChannelPartitionHandler;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.MessageChannel;

/** Makes the handlers that send a step's partitions to the workers and watch for lost ones. */
final class RemotePartitioning {

    /** How often the manager reads its partitions' state back from the job repository. */
    private static final Duration POLL = Duration.ofSeconds(1);

    private final MessageChannel requests;
    private final JobRepository jobRepository;
    private final LostPartitions lostPartitions;
    private final Duration watchInterval;

    RemotePartitioning(MessageChannel requests, JobRepository jobRepository, LostPartitions lostPartitions,
            Duration watchInterval) {
        this.requests = requests;
        this.jobRepository = jobRepository;
        this.lostPartitions = lostPartitions;
        this.watchInterval = watchInterval;
    }

    RemotePartitionHandler handler(String workerStepName, int gridSize) {
        MessagingTemplate template = new MessagingTemplate(requests);
        MessageChannelPartitionHandler sender = new MessageChannelPartitionHandler();
        sender.setStepName(workerStepName);
        sender.setGridSize(gridSize);
        sender.setMessagingOperations(template);
        // the job repository, not a reply, says when a partition has ended: it is the record workers share
        sender.setJobRepository(jobRepository);
        sender.setPollInterval(POLL.toMillis());
        try {
            sender.afterPropertiesSet();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new RemotePartitionHandler(sender, lostPartitions, watchInterval);
    }
}
