/**
 * Identity tables: skybatch's {@code actor_identity} and the app-view's {@code actor} and {@code did_cache}.
 * {@link skybatch.writers.actor.PlcIdentityWriter} merges a chunk of PLC operations into all three with one
 * COPY and one set-based statement; on empty tables, a first load appends the chunks to a stage
 * ({@link skybatch.writers.actor.PlcLoadStageWriter}) and {@link skybatch.writers.actor.PlcLoadBuild} builds the three
 * tables from it at the end; {@link skybatch.writers.actor.StoredIdentities} reads back what they hold about
 * one DID.
 */
package skybatch.writers.actor;
