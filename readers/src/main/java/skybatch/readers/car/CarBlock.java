package skybatch.readers.car;

import skybatch.readers.cid.Cid;

/**
 * One block of a CAR file, its bytes already checked against its CID.
 *
 * @param offset where the block's section starts in the CAR file
 */
public record CarBlock(Cid cid, byte[] data, long offset) {}
