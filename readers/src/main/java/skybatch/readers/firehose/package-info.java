/**
 * The live event streams (the relay's {@code com.atproto.sync.subscribeRepos}, and labelers'
 * {@code subscribeLabels}) and the journal they are written to.
 *
 * <ul>
 *   <li>{@link skybatch.readers.firehose.Journal}: a durable Chronicle Queue of raw frames with their seq and
 *       receive time, read forward by tails through {@link skybatch.readers.firehose.JournalReader} and released
 *       hour by hour once applied.
 *   <li>{@link skybatch.readers.firehose.Frame}: a frame's header ({@code op}, {@code t}) and body, decoded.
 * </ul>
 */
package skybatch.readers.firehose;
