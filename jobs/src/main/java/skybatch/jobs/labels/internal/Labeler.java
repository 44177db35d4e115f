package skybatch.jobs.labels.internal;

import java.net.URI;
import skybatch.readers.crypto.PublicKey;
import skybatch.readers.firehose.Journal;
import skybatch.readers.syntax.Did;

/**
 * A labeler followed, as its DID document (or the setting) describes it.
 *
 * @param did      the labeler, the {@code src} of its labels
 * @param endpoint its service, whose subscribeLabels the ingest follows
 * @param key      the key its labels are signed with ({@code #atproto_label})
 * @param journal  its journal
 */
public record Labeler(Did did, URI endpoint, PublicKey key, Journal journal) {}
