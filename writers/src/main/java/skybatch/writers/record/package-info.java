/**
 * The app-view's record tables ({@code record}, {@code post} and its embeds, {@code like}, {@code follow},
 * {@code profile}, lists, gates, ...) and {@code actor_sync}. {@link skybatch.writers.record.RecordMapper} maps a
 * decoded record to its {@link skybatch.writers.record.Rows} as the app-view's indexer does;
 * {@link skybatch.writers.record.RecordTablesWriter} removes and inserts a chunk's records with COPY and set-based
 * statements; {@link skybatch.writers.record.StoredRecords} streams what a repository already has in the tables.
 */
package skybatch.writers.record;
