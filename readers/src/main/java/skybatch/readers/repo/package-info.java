/**
 * A repository read from a CAR stream with bounded memory: {@link skybatch.readers.repo.RepoArchive} checks every
 * block against its CID as it arrives and keeps the blocks in a {@link skybatch.readers.repo.SpillingBlockStore},
 * which holds them on the heap up to a budget and appends the rest to a temporary file, so that a repository of
 * any size can be walked with {@link skybatch.readers.mst.RecordWalk}.
 */
package skybatch.readers.repo;
