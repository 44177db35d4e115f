/**
 * The app-view's counts of likes, replies, reposts and quotes of a post ({@code post_agg}) and of followers,
 * follows and posts of an account ({@code profile_agg}). The record writer notes, in the
 * transaction that changes the records, which counts change (in {@code skybatch.aggregate_recount}); {@link
 * skybatch.writers.aggregate.AggregateRecounter} counts them again from the record tables, as the app-view's
 * indexing plugins do after each record, but once per post or account for a whole backfill.
 */
package skybatch.writers.aggregate;
