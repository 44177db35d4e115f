package skybatch.writers.record;

import skybatch.readers.syntax.AtUri;

/**
 * A change to one record of a repository, from any source: a backfill's merge of a repository with what the
 * dataplane holds, or a firehose commit's operations. {@link RecordIndexer} turns it into {@link IndexedChange}.
 */
public sealed interface RecordChange {

    /** The record's {@code at://did/collection/rkey}. */
    String uri();

    /** The repository's DID. */
    String did();

    /** The record's key in the repository, {@code collection/rkey}. */
    String path();

    /**
     * A record's new version.
     *
     * @param path {@code collection/rkey}
     * @param cid the record block's CID
     * @param bytes the record's DAG-CBOR bytes
     * @param replaces whether the dataplane may hold another version of the record, to be removed first
     * @param indexedAt when it is indexed, as {@link skybatch.readers.syntax.Datetime#of} writes it
     */
    record Put(String did, String path, String cid, byte[] bytes, boolean replaces, String indexedAt)
            implements RecordChange {

        @Override
        public String uri() {
            return AtUri.text(did, path);
        }

        public String collection() {
            return path.substring(0, path.indexOf('/'));
        }

        public String rkey() {
            return path.substring(path.indexOf('/') + 1);
        }
    }

    /** The record is no longer the repository's. */
    record Delete(String did, String path) implements RecordChange {

        @Override
        public String uri() {
            return AtUri.text(did, path);
        }
    }
}
