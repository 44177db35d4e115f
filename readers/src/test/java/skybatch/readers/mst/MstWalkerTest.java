package skybatch.readers.mst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import skybatch.readers.cbor.DagCborEncoder;
import skybatch.readers.cid.Cid;

class MstWalkerTest {

    private static final Cid LEAF = Cid.parse("bafyreie5cvv4h45feadgeuwhbcutmh6t2ceseocckahdoe6uat64zmz454");

    /** All 156 interop example keys, spread over layers 0 to 8: a tree several levels deep. */
    private static SortedMap<String, Cid> exampleKeys() throws Exception {
        SortedMap<String, Cid> entries = new TreeMap<>();
        for (String key : Files.readAllLines(MstFixtures.path("atproto-interop-tests/mst/example_keys.txt"))) {
            if (!key.isBlank()) {
                entries.put(key, Cid.compute(Cid.RAW, key.getBytes()));
            }
        }
        return entries;
    }

    private static MemoryBlockStore store(MstBuilder.Tree tree) {
        MemoryBlockStore store = new MemoryBlockStore();
        tree.nodes().forEach(store::put);
        return store;
    }

    @Test
    void walksABuiltTreeInKeyOrder() throws Exception {
        SortedMap<String, Cid> entries = exampleKeys();
        MstBuilder.Tree tree = MstBuilder.build(entries);
        List<MstEntry> walked = new ArrayList<>();

        new MstWalker(store(tree), tree.root(), Completeness.FULL).forEachRemaining(walked::add);

        assertThat(walked).extracting(MstEntry::key).containsExactlyElementsOf(entries.keySet());
        assertThat(walked).extracting(MstEntry::value).containsExactlyElementsOf(entries.values());
        assertThat(tree.nodes().size()).isGreaterThan(10);
    }

    @Test
    void aMissingNodeFailsAFullWalkAndIsReportedInAPartialOne() throws Exception {
        SortedMap<String, Cid> entries = exampleKeys();
        MstBuilder.Tree tree = MstBuilder.build(entries);
        MemoryBlockStore store = new MemoryBlockStore();
        MstNode root = MstNode.decode(tree.nodes().get(tree.root()));
        Cid dropped = root.left();
        assertThat(dropped).isNotNull();
        tree.nodes().forEach((cid, bytes) -> {
            if (!cid.equals(dropped)) {
                store.put(cid, bytes);
            }
        });

        MstWalker full = new MstWalker(store, tree.root(), Completeness.FULL);
        assertThatThrownBy(full::hasNext)
                .isInstanceOfSatisfying(MissingBlockException.class, e -> assertThat(e.cid()).isEqualTo(dropped));

        MstWalker partial = new MstWalker(store, tree.root(), Completeness.PARTIAL);
        List<String> keys = new ArrayList<>();
        partial.forEachRemaining(e -> keys.add(e.key()));
        String firstRootKey = root.entries().get(0).key();
        assertThat(keys).first().isEqualTo(firstRootKey);
        assertThat(keys).isSubsetOf(entries.keySet()).isSorted();
        assertThat(entries.headMap(firstRootKey)).isNotEmpty();
        assertThat(keys).hasSize(entries.size() - entries.headMap(firstRootKey).size());
        assertThat(partial.missingBlocks()).containsExactly(dropped);
        assertThatThrownBy(partial::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void rejectsKeysOutOfOrder() {
        MstNode node = new MstNode(null, List.of(new MstNode.Entry("b/1", LEAF, null), new MstNode.Entry("a/1", LEAF, null)));
        byte[] block = node.encode();
        Cid cid = Cid.compute(Cid.DAG_CBOR, block);
        MemoryBlockStore store = new MemoryBlockStore();
        store.put(cid, block);

        MstWalker walker = new MstWalker(store, cid, Completeness.FULL);
        assertThat(walker.next().key()).isEqualTo("b/1");
        assertThatThrownBy(walker::next).hasMessageContaining("MST keys out of order: 'a/1' after 'b/1'");
    }

    @Test
    void nodeDecodingExpandsPrefixesAndRejectsBadOnes() {
        MstNode node = new MstNode(null, List.of(
                new MstNode.Entry("app.bsky.feed.post/3k2a", LEAF, null),
                new MstNode.Entry("app.bsky.feed.post/3k2b", LEAF, LEAF)));
        assertThat(MstNode.decode(node.encode())).isEqualTo(node);

        Map<String, Object> bad = Map.of("l", LEAF, "e", List.of(Map.of("p", 3L, "k", new byte[] {'a'}, "v", LEAF)));
        assertThatThrownBy(() -> MstNode.decode(DagCborEncoder.encode(bad)))
                .isInstanceOf(RepositoryException.class)
                .hasMessageContaining("prefix length 'p'");
    }
}
