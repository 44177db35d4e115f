/**
 * The stream ingests as the settings describe them ({@code firehose ingest}, and {@code firehose run} with the
 * tail): which service, which journal, which limits. They need no database.
 */
package skybatch.jobs.ingest;
