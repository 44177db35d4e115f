package skybatch.readers.mst;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import skybatch.readers.cid.Cid;

/**
 * The records of a repository in key order, each with its block's bytes, read lazily from a {@link MstWalker}.
 * Absent blocks follow the walk's {@link Completeness}; {@link #missingBlocks()} lists those skipped so far.
 */
public final class RecordWalk implements Iterator<RepoRecord> {

    private final BlockStore blocks;
    private final Completeness completeness;
    private final MstWalker walker;
    private final List<Cid> missingRecords = new ArrayList<>();

    public RecordWalk(BlockStore blocks, Cid mstRoot, Completeness completeness) {
        this.blocks = blocks;
        this.completeness = completeness;
        this.walker = new MstWalker(blocks, mstRoot, completeness);
    }

    @Override
    public boolean hasNext() {
        return walker.hasNext();
    }

    @Override
    public RepoRecord next() {
        MstEntry entry = walker.next();
        byte[] data = blocks.get(entry.value());
        if (data == null) {
            if (completeness == Completeness.FULL) {
                throw new MissingBlockException(entry.value(), "record " + entry.key());
            }
            missingRecords.add(entry.value());
        }
        return RepoRecord.of(entry, data);
    }

    /** MST node and record blocks found absent so far, nodes first. */
    public List<Cid> missingBlocks() {
        List<Cid> all = new ArrayList<>(walker.missingBlocks());
        all.addAll(missingRecords);
        return all;
    }
}
