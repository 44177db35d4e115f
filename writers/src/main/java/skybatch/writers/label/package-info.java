/** The app-view's {@code label} table: what labelers say about accounts and records. */
package skybatch.writers.label;
