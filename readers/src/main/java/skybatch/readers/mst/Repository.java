package skybatch.readers.mst;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import skybatch.readers.car.CarException;
import skybatch.readers.car.CarHeader;
import skybatch.readers.car.CarReader;
import skybatch.readers.cid.Cid;

/**
 * An atproto repository read from a CAR: the root must be the signed commit, whose {@code data} is the MST root.
 * All blocks are loaded into a {@link MemoryBlockStore} (see there for the memory cost), then {@link #records()}
 * walks them in key order without materialising the record list.
 *
 * <pre>{@code
 * Repository repo = Repository.read(in, Completeness.FULL);
 * for (RecordWalk walk = repo.records(); walk.hasNext(); ) { RepoRecord r = walk.next(); ... }
 * }</pre>
 */
public final class Repository {

    private final Cid commitCid;
    private final Commit commit;
    private final MemoryBlockStore blocks;
    private final Completeness completeness;

    private Repository(Cid commitCid, Commit commit, MemoryBlockStore blocks, Completeness completeness) {
        this.commitCid = commitCid;
        this.commit = commit;
        this.blocks = blocks;
        this.completeness = completeness;
    }

    /** Reads and verifies the whole CAR from {@code car}, then closes it. */
    public static Repository read(InputStream car, Completeness completeness) throws IOException {
        try (CarReader reader = CarReader.open(car)) {
            CarHeader header = reader.header();
            List<Cid> roots = header.roots();
            if (roots.size() != 1) {
                throw new CarException("a repository CAR has exactly one root, not " + roots.size(), 0);
            }
            MemoryBlockStore blocks = MemoryBlockStore.load(reader);
            Cid commitCid = roots.get(0);
            byte[] commitBlock = blocks.get(commitCid);
            if (commitBlock == null) {
                throw new MissingBlockException(commitCid, "commit");
            }
            return new Repository(commitCid, Commit.decode(commitBlock), blocks, completeness);
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

    /** A new walk over the records, in key order. */
    public RecordWalk records() {
        return new RecordWalk(blocks, commit.data(), completeness);
    }
}
