package skybatch.readers.mst;

import skybatch.readers.cid.Cid;

/** One key of a Merkle Search Tree (a repository path, {@code collection/rkey}) and the CID it maps to. */
public record MstEntry(String key, Cid value) {}
