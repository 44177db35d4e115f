/**
 * skybatch's backfill state: {@link skybatch.writers.backfill.BackfillQueue} keeps {@code skybatch.backfill_repo},
 * one row per repository with its PDS and how its last backfill ended ({@link skybatch.writers.backfill.RepoStatus}),
 * and {@code skybatch.backfill_listing}, how far a run has listed each PDS. Writes join the caller's transaction.
 */
package skybatch.writers.backfill;
