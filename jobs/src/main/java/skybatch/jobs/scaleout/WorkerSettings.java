package skybatch.jobs.scaleout;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a {@code worker} process runs partitions, and when the manager gives one up ({@code SKYBATCH_WORKER_*}).
 *
 * @param concurrency partitions one worker runs at once (each takes the next request when it finishes)
 * @param heartbeat how often a worker says, in the database, that it still runs its partitions
 * @param timeout how long a worker may stay silent before the manager takes its partitions as lost
 */
@ConfigurationProperties("skybatch.worker")
public record WorkerSettings(@DefaultValue("4") int concurrency, @DefaultValue("5s") Duration heartbeat,
        @DefaultValue("60s") Duration timeout) {}
