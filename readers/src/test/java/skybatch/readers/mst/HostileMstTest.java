package skybatch.readers.mst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import skybatch.readers.cid.Cid;

/**
 * Trees the spec forbids, as a hostile CAR would carry them: each is refused after reading a few of its nodes.
 * Keys are interop example keys, whose height is the digit after their letter ({@code A1/076595}: height 1).
 */
class HostileMstTest {

    private static final Cid LEAF = Cid.parse("bafyreie5cvv4h45feadgeuwhbcutmh6t2ceseocckahdoe6uat64zmz454");

    /** Counts node reads: the work a walk does. */
    private final AtomicInteger reads = new AtomicInteger();
    private final MemoryBlockStore store = new MemoryBlockStore();
    private final BlockStore counting = cid -> {
        reads.incrementAndGet();
        return store.get(cid);
    };

    private Cid put(Cid left, MstNode.Entry... entries) {
        byte[] block = new MstNode(left, List.of(entries)).encode();
        Cid cid = Cid.compute(Cid.DAG_CBOR, block);
        store.put(cid, block);
        return cid;
    }

    private static MstNode.Entry entry(String key, Cid right) {
        return new MstNode.Entry(key, LEAF, right);
    }

    private List<String> walk(Cid root) {
        List<String> keys = new ArrayList<>();
        new MstWalker(counting, root, Completeness.FULL).forEachRemaining(entry -> keys.add(entry.key()));
        return keys;
    }

    @Test
    void aWellFormedTreeWithAPointerOnlyNodeBetweenHeightsIsWalked() {
        // a key of height 2 over keys of height 0: the height-1 node between them holds only a pointer
        Cid bottom = put(null, entry("A0/374913", null));
        Cid between = put(bottom);
        Cid root = put(between, entry("A2/827942", null));

        assertThat(walk(root)).containsExactly("A0/374913", "A2/827942");
    }

    @Test
    void aKeyOfAnotherHeightThanItsNodeIsRefused() {
        Cid root = put(null, entry("A0/374913", null), entry("A1/076595", null));

        assertThatThrownBy(() -> walk(root)).isInstanceOf(RepositoryException.class)
                .hasMessageContaining("MST key 'A1/076595' of height 1 in node " + root + " of height 0");
    }

    @Test
    void anEmptyNodeBelowTheRootIsRefused() {
        Cid empty = put(null);
        Cid root = put(empty, entry("A1/076595", null));

        assertThatThrownBy(() -> walk(root)).isInstanceOf(RepositoryException.class)
                .hasMessageContaining("MST node " + empty + " is empty, below the root");
    }

    @Test
    void aRootThatIsOnlyAPointerIsRefused() {
        Cid root = put(put(null, entry("A0/374913", null)));

        assertThatThrownBy(() -> walk(root)).isInstanceOf(RepositoryException.class)
                .hasMessageContaining("is only a pointer to a subtree");
        assertThat(walk(put(null))).as("the root of an empty tree").isEmpty();
    }

    @Test
    void aChainOfPointerOnlyNodesEndsAtHeightZero() {
        // the CAR of the issue: entries pointing into a long chain of empty nodes
        Cid chain = put(null, entry("A0/374913", null));
        for (int i = 0; i < 10_000; i++) {
            chain = put(chain);
        }
        Cid root = put(null, entry("A1/076595", chain), entry("B1/986427", chain));

        assertThatThrownBy(() -> walk(root)).isInstanceOf(RepositoryException.class)
                .hasMessageContaining("of height 0 has a subtree");
        assertThat(reads.get()).as("nodes read before the refusal").isLessThanOrEqualTo(3);
    }

    @Test
    void aSubtreeSharedByEntriesIsRefusedAfterAFewReads() {
        Cid shared = put(null, entry("A0/374913", null), entry("B0/601692", null), entry("C0/451630", null));
        List<MstNode.Entry> entries = new ArrayList<>();
        for (String key : List.of("A1/076595", "B1/986427", "C1/438573")) {
            entries.add(entry(key, shared));
        }
        Cid root = put(null, entries.toArray(MstNode.Entry[]::new));

        assertThatThrownBy(() -> walk(root)).isInstanceOf(RepositoryException.class)
                .hasMessageContaining("MST keys out of order");
        assertThat(reads.get()).isLessThanOrEqualTo(3);
    }
}
