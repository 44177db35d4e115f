package skybatch.readers.mst;

import skybatch.readers.cid.Cid;

/** Blocks by CID, for walking a repository after its CAR has been read. */
public interface BlockStore {

    /** The block's bytes, or null if this store does not have it. */
    byte[] get(Cid cid);
}
