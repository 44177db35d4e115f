package skybatch.readers.mst;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import skybatch.readers.cid.Cid;

/**
 * Builds the unique Merkle Search Tree of a key set, as a writer would, to check published roots and proofs. Each
 * key goes on the layer given by {@link MstKeys#height}; a node on layer n holds the layer-n keys of its range,
 * and the runs of lower keys between them become subtrees one layer down (possibly nodes with no entries of their
 * own). The root is on the highest key's layer; the empty tree is a single empty node.
 */
public final class MstBuilder {

    private final Map<Cid, byte[]> nodes = new LinkedHashMap<>();

    private MstBuilder() {}

    /** The tree of {@code entries} (keys in String order, which is byte order for MST keys). */
    public static Tree build(SortedMap<String, Cid> entries) {
        List<Leaf> leaves = new ArrayList<>(entries.size());
        int top = 0;
        for (Map.Entry<String, Cid> e : entries.entrySet()) {
            int height = MstKeys.height(e.getKey());
            leaves.add(new Leaf(e.getKey(), e.getValue(), height));
            top = Math.max(top, height);
        }
        MstBuilder builder = new MstBuilder();
        Cid root = builder.node(leaves, top);
        return new Tree(root, builder.nodes);
    }

    /**
     * A built tree.
     *
     * @param nodes every node block by CID, the root included
     */
    public record Tree(Cid root, Map<Cid, byte[]> nodes) {

        public Tree {
            nodes = Map.copyOf(nodes);
        }
    }

    /** Builds the node on {@code layer} for {@code leaves}, none of which is higher, and returns its CID. */
    private Cid node(List<Leaf> leaves, int layer) {
        Cid left = null;
        List<MstNode.Entry> entries = new ArrayList<>();
        List<Leaf> run = new ArrayList<>();
        for (Leaf leaf : leaves) {
            if (leaf.height < layer) {
                run.add(leaf);
                continue;
            }
            Cid subtree = subtree(run, layer);
            if (entries.isEmpty()) {
                left = subtree;
            } else {
                attachRight(entries, subtree);
            }
            entries.add(new MstNode.Entry(leaf.key, leaf.value, null));
            run = new ArrayList<>();
        }
        Cid last = subtree(run, layer);
        if (entries.isEmpty()) {
            left = last;
        } else {
            attachRight(entries, last);
        }
        byte[] block = new MstNode(left, entries).encode();
        Cid cid = Cid.compute(Cid.DAG_CBOR, block);
        nodes.put(cid, block);
        return cid;
    }

    private Cid subtree(List<Leaf> run, int layer) {
        return run.isEmpty() ? null : node(run, layer - 1);
    }

    private static void attachRight(List<MstNode.Entry> entries, Cid subtree) {
        MstNode.Entry last = entries.get(entries.size() - 1);
        entries.set(entries.size() - 1, new MstNode.Entry(last.key(), last.value(), subtree));
    }

    private record Leaf(String key, Cid value, int height) {}
}
