/**
 * The {@code skybatch.quarantine} table: input a job could not use, with its source, position and reason.
 * {@link skybatch.writers.quarantine.QuarantineRepository} writes it in the caller's transaction, so a rolled
 * back chunk leaves no quarantine rows behind and its retry writes them once.
 */
package skybatch.writers.quarantine;
