/**
 * What the journal tails (firehoseTailJob, labelTailJob) share beyond the journal's batches
 * ({@code firehose.internal.JournalBatchReader}): the {@link skybatch.jobs.tail.CheckAheadReader}, which checks the
 * next batch while the step writes this one, and the {@link skybatch.jobs.tail.PendingBatch} it hands on.
 */
package skybatch.jobs.tail;
