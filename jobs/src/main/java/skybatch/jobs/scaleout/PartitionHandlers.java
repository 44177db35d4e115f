package skybatch.jobs.scaleout;

import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.step.Step;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * How a partitioned step runs its partitions: as threads of this process, or, when {@code SKYBATCH_AMQP_URL} is
 * set, as step execution requests to {@code worker} processes over RabbitMQ.
 */
public final class PartitionHandlers {

    private final RemotePartitioning remote;

    PartitionHandlers(RemotePartitioning remote) {
        this.remote = remote;
    }

    /** Whether partitions run in worker processes. */
    public boolean remote() {
        return remote != null;
    }

    /** The handler of a partitioned step: {@code gridSize} partitions of {@code workerStep}. */
    public PartitionHandler of(Step workerStep, int gridSize, String threadNamePrefix) {
        if (remote != null) {
            return remote.handler(workerStep.getName(), gridSize);
        }
        TaskExecutorPartitionHandler local = new TaskExecutorPartitionHandler();
        local.setStep(workerStep);
        local.setGridSize(gridSize);
        local.setTaskExecutor(new SimpleAsyncTaskExecutor(threadNamePrefix));
        return local;
    }
}
