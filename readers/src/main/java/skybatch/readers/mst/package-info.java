/**
 * atproto repositories: a {@link skybatch.readers.mst.Repository} read from a CAR holds the signed
 * {@link skybatch.readers.mst.Commit} and a {@link skybatch.readers.mst.BlockStore}; a
 * {@link skybatch.readers.mst.RecordWalk} (over a {@link skybatch.readers.mst.MstWalker}) streams its
 * {@link skybatch.readers.mst.RepoRecord}s in key order. {@link skybatch.readers.mst.MstKeys} has the key height
 * rule and {@link skybatch.readers.mst.MstBuilder} computes the tree (and root CID) of a key set.
 * {@link skybatch.readers.mst.Completeness} says whether absent blocks are errors or, for slices, reported.
 */
package skybatch.readers.mst;
