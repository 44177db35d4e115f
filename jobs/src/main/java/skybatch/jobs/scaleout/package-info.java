/**
 * Remote partitioning: with {@code SKYBATCH_AMQP_URL}, partitioned steps send their partitions over RabbitMQ
 * ({@link skybatch.jobs.scaleout.ScaleOutConfiguration}) to {@code worker} processes
 * ({@link skybatch.jobs.scaleout.PartitionWorker}), and the manager watches for lost workers
 * ({@link skybatch.jobs.scaleout.LostPartitions}); without it, {@link skybatch.jobs.scaleout.PartitionHandlers}
 * runs them as threads. The job repository records what is done; the broker only hands the partitions out.
 */
package skybatch.jobs.scaleout;
