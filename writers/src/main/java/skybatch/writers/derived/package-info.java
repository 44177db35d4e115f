/**
 * What the app-view's indexer derives from records beyond their own rows, for a batch of accounts whose records
 * changed: the gate and validity flags of the posts they touch, then the notifications
 * ({@link skybatch.writers.derived.ThreadsAndNotifications}). The backfill runs it per batch of backfilled accounts,
 * the firehose tail per chunk of live commits.
 */
package skybatch.writers.derived;
