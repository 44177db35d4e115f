package skybatch.readers.repo;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import skybatch.readers.car.CarBlock;
import skybatch.readers.car.CarException;
import skybatch.readers.car.CarReader;
import skybatch.readers.cid.Cid;
import skybatch.readers.mst.Commit;
import skybatch.readers.mst.Completeness;
import skybatch.readers.mst.MissingBlockException;
import skybatch.readers.mst.RecordWalk;

/**
 * A full repository export (getRepo) read from a CAR stream into a {@link SpillingBlockStore}: every block is
 * checked against its CID on the way in ({@link CarException} otherwise), the single root must be the commit, and
 * {@link #records()} walks the MST, where an absent block is an error. Close it to delete the spill file.
 */
public final class RepoArchive implements Closeable {

    private final Cid commitCid;
    private final Commit commit;
    private final SpillingBlockStore blocks;

    private RepoArchive(Cid commitCid, Commit commit, SpillingBlockStore blocks) {
        this.commitCid = commitCid;
        this.commit = commit;
        this.blocks = blocks;
    }

    /**
     * Reads the whole CAR from {@code car} (it is not closed).
     *
     * @param memoryBudget block bytes kept on the heap before the rest go to a file in {@code spillDirectory}
     */
    public static RepoArchive read(InputStream car, long memoryBudget, Path spillDirectory) throws IOException {
        SpillingBlockStore blocks = new SpillingBlockStore(memoryBudget, spillDirectory);
        try {
            CarReader reader = CarReader.open(car);
            if (reader.header().roots().size() != 1) {
                throw new CarException("a repository CAR has exactly one root, not "
                        + reader.header().roots().size(), 0);
            }
            for (CarBlock block; (block = reader.next()) != null; ) {
                blocks.put(block.cid(), block.data());
            }
            Cid commitCid = reader.header().roots().get(0);
            byte[] commitBlock = blocks.get(commitCid);
            if (commitBlock == null) {
                throw new MissingBlockException(commitCid, "commit");
            }
            return new RepoArchive(commitCid, Commit.decode(commitBlock), blocks);
        } catch (IOException | RuntimeException e) {
            blocks.close();
            throw e;
        }
    }

    public Cid commitCid() {
        return commitCid;
    }

    public Commit commit() {
        return commit;
    }

    public int blockCount() {
        return blocks.size();
    }

    public long bytes() {
        return blocks.totalBytes();
    }

    /** Whether the blocks outgrew the heap budget, the rest waiting in the spill file. */
    public boolean spilled() {
        return blocks.hasSpilled();
    }

    /** A new walk over the records in key order. */
    public RecordWalk records() {
        return new RecordWalk(blocks, commit.data(), Completeness.FULL);
    }

    @Override
    public void close() throws IOException {
        blocks.close();
    }
}
