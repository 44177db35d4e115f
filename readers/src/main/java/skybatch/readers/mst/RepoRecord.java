package skybatch.readers.mst;

import skybatch.readers.cid.Cid;

/**
 * A record of a repository, in MST key order.
 *
 * @param cid the record block's CID (the MST value)
 * @param data the record's DAG-CBOR bytes, or null if the block is absent from a partial repository
 */
public record RepoRecord(String collection, String rkey, Cid cid, byte[] data) {

    /** Splits an MST key {@code collection/rkey}. */
    static RepoRecord of(MstEntry entry, byte[] data) {
        String key = entry.key();
        int slash = key.indexOf('/');
        if (slash <= 0 || slash == key.length() - 1 || key.indexOf('/', slash + 1) >= 0) {
            throw new RepositoryException("MST key is not of the form collection/rkey: " + key);
        }
        return new RepoRecord(key.substring(0, slash), key.substring(slash + 1), entry.value(), data);
    }

    public String path() {
        return collection + "/" + rkey;
    }
}
