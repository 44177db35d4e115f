/**
 * Identity tables: skybatch's {@code actor_identity} and the app-view's {@code actor} and {@code did_cache}.
 * {@link skybatch.writers.actor.PlcIdentityWriter} merges a chunk of PLC operations into all three with one
 * COPY and one set-based statement; on empty tables, a first load appends the chunks to shadow tables beside the
 * three ({@link skybatch.writers.actor.PlcLoadWriter}) and {@link skybatch.writers.actor.PlcLoadBuild} keeps each
 * DID's winning rows, indexes them and swaps them in at the end; {@link skybatch.writers.actor.StoredIdentities}
 * reads back what they hold about one DID.
 */
package skybatch.writers.actor;
