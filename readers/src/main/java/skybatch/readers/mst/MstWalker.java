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
 * any time, so callers can stream the entries of a huge tree. With {@link Completeness#PARTIAL} an absent node is
 * skipped (its entries cannot be known) and listed in {@link #missingBlocks()}; with {@link Completeness#FULL} it
 * raises a {@link MissingBlockException}.
 *
 * <p>What the spec forbids is refused, as indigo's tree verification does, so that a hostile CAR cannot make the
 * walk do more than a pass over its blocks: keys increase strictly (a subtree used twice repeats its keys); every
 * key of a node has the node's height (the root's is its first key's); a subtree is exactly one height lower, and
 * none hangs below height 0; a node without entries is only a pointer to its subtree, never empty, except the
 * root of an empty tree, which is no pointer. So the tree is at most as deep as its root's height, which only a
 * key hashing to many leading zeros raises, and every node holds or leads to keys.
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
        open(root, -1);
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
                    if (frame.height == 0) {
                        throw new RepositoryException("MST node " + frame.cid + " of height 0 has a subtree");
                    }
                    open(subtree, frame.height - 1);
                }
            } else if (frame.index == frame.node.entries().size()) {
                path.pop();
            } else {
                MstNode.Entry entry = frame.node.entries().get(frame.index++);
                frame.subtreeVisited = false;
                int height = MstKeys.height(entry.key());
                if (height != frame.height) {
                    throw new RepositoryException("MST key '" + entry.key() + "' of height " + height
                            + " in node " + frame.cid + " of height " + frame.height);
                }
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

    /** @param height the height the node must have; -1 for the root, whose first key gives it */
    private void open(Cid cid, int height) {
        byte[] bytes = blocks.get(cid);
        if (bytes == null) {
            if (completeness == Completeness.FULL) {
                throw new MissingBlockException(cid, "MST node");
            }
            missing.add(cid);
            return;
        }
        MstNode node;
        try {
            node = MstNode.decode(bytes);
        } catch (RepositoryException e) {
            throw new RepositoryException("MST node " + cid + ": " + e.getMessage(), e);
        }
        if (node.entries().isEmpty()) {
            if (height >= 0 && node.left() == null) {
                throw new RepositoryException("MST node " + cid + " is empty, below the root");
            }
            if (height < 0 && node.left() != null) {
                throw new RepositoryException("MST root " + cid + " is only a pointer to a subtree");
            }
        }
        int nodeHeight = height >= 0 || node.entries().isEmpty() ? height
                : MstKeys.height(node.entries().get(0).key());
        path.push(new Frame(cid, node, nodeHeight));
    }

    private static final class Frame {
        final Cid cid;
        final MstNode node;
        final int height;
        int index;
        boolean subtreeVisited;

        Frame(Cid cid, MstNode node, int height) {
            this.cid = cid;
            this.node = node;
            this.height = height;
        }
    }
}
