package skybatch.readers.mst;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import skybatch.readers.cid.Cid;

/**
 * Walks a Merkle Search Tree in key order, lazily: only the nodes on the path to the current entry are decoded at
 * any time, so callers can stream the entries of a huge tree. Keys are checked to increase strictly. With
 * {@link Completeness#PARTIAL} an absent node is skipped (its entries cannot be known) and listed in
 * {@link #missingBlocks()}; with {@link Completeness#FULL} it raises a {@link MissingBlockException}.
 */
public final class MstWalker implements Iterator<MstEntry> {

    private final BlockStore blocks;
    private final Completeness completeness;
    private final Deque<Frame> path = new ArrayDeque<>();
    private final List<Cid> missing = new ArrayList<>();
    private MstEntry next;
    private String lastKey;

    public MstWalker(BlockStore blocks, Cid root, Completeness completeness) {
        this.blocks = blocks;
        this.completeness = completeness;
        open(root);
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public MstEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        MstEntry entry = next;
        next = null;
        return entry;
    }

    /** MST node blocks found absent so far (only with {@link Completeness#PARTIAL}). */
    public List<Cid> missingBlocks() {
        return List.copyOf(missing);
    }

    /** In-order step: the subtree before entry i, then entry i, until the subtree after the last entry. */
    private MstEntry advance() {
        while (!path.isEmpty()) {
            Frame frame = path.peek();
            if (!frame.subtreeVisited) {
                frame.subtreeVisited = true;
                Cid subtree = frame.node.subtreeBefore(frame.index);
                if (subtree != null) {
                    open(subtree);
                }
            } else if (frame.index == frame.node.entries().size()) {
                path.pop();
            } else {
                MstNode.Entry entry = frame.node.entries().get(frame.index++);
                frame.subtreeVisited = false;
                return emit(entry);
            }
        }
        return null;
    }

    private MstEntry emit(MstNode.Entry entry) {
        if (lastKey != null && entry.key().compareTo(lastKey) <= 0) {
            throw new RepositoryException("MST keys out of order: '" + entry.key() + "' after '" + lastKey + "'");
        }
        lastKey = entry.key();
        return new MstEntry(entry.key(), entry.value());
    }

    private void open(Cid cid) {
        byte[] bytes = blocks.get(cid);
        if (bytes == null) {
            if (completeness == Completeness.FULL) {
                throw new MissingBlockException(cid, "MST node");
            }
            missing.add(cid);
            return;
        }
        try {
            path.push(new Frame(MstNode.decode(bytes)));
        } catch (RepositoryException e) {
            throw new RepositoryException("MST node " + cid + ": " + e.getMessage(), e);
        }
    }

    private static final class Frame {
        final MstNode node;
        int index;
        boolean subtreeVisited;

        Frame(MstNode node) {
            this.node = node;
        }
    }
}
