/**
 * Labels from labelers ({@code com.atproto.label.subscribeLabels}): {@link skybatch.readers.labels.LabelDecoder}
 * checks each label of a {@code #labels} message, its signature included, and gives a
 * {@link skybatch.readers.labels.Label}. The stream itself is followed by {@code readers.firehose.ingest}.
 */
package skybatch.readers.labels;
