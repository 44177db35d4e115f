/**
 * The firehose tail's state: {@link skybatch.writers.firehose.TailPositions} (how far each journal is applied),
 * {@link skybatch.writers.firehose.RepoStates} (each repository's stored rev and root as the live stream sees it,
 * desynchronized ones), {@link skybatch.writers.firehose.ParkedEvents} (live events waiting for a backfill).
 * Writes join the caller's transaction.
 */
package skybatch.writers.firehose;
