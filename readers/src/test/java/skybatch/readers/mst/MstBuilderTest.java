package skybatch.readers.mst;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import skybatch.readers.cid.Cid;
import tools.jackson.databind.JsonNode;

class MstBuilderTest {

    /** Known answers from bluesky-social/atproto packages/repo/tests/mst.test.ts (cited in INDEX.md). */
    private static final Cid LEAF = Cid.parse("bafyreie5cvv4h45feadgeuwhbcutmh6t2ceseocckahdoe6uat64zmz454");

    @Test
    void emptyTreeIsOneEmptyNode() {
        MstBuilder.Tree tree = MstBuilder.build(new TreeMap<>());
        assertThat(tree.root().toString()).isEqualTo("bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm");
        assertThat(tree.nodes()).hasSize(1);
    }

    @Test
    void singleKeyTreesMatchTheReferenceImplementation() {
        assertThat(MstBuilder.build(new TreeMap<>(Map.of("com.example.record/3jqfcqzm3fo2j", LEAF)))
                .root().toString()).isEqualTo("bafyreibj4lsc3aqnrvphp5xmrnfoorvru4wynt6lwidqbm2623a6tatzdu");
        // This key is on layer 2, so the root is a layer-2 node with the key and no subtrees.
        assertThat(MstKeys.height("com.example.record/3jqfcqzm3fx2j")).isEqualTo(2);
        assertThat(MstBuilder.build(new TreeMap<>(Map.of("com.example.record/3jqfcqzm3fx2j", LEAF)))
                .root().toString()).isEqualTo("bafyreih7wfei65pxzhauoibu3ls7jgmkju4bspy4t2ha2qdjnzqvoy33ai");
    }

    @Test
    void commitProofFixturesRootsBeforeAndAfterAndProofBlocks() {
        JsonNode fixtures = MstFixtures.json("atproto-interop-tests/firehose/commit-proof-fixtures.json");
        assertThat(fixtures.size()).isEqualTo(6);
        for (JsonNode f : fixtures) {
            String name = f.get("comment").stringValue();
            Cid leaf = Cid.parse(f.get("leafValue").stringValue());
            SortedMap<String, Cid> entries = new TreeMap<>();
            f.get("keys").forEach(k -> entries.put(k.stringValue(), leaf));

            MstBuilder.Tree before = MstBuilder.build(entries);
            f.get("adds").forEach(k -> entries.put(k.stringValue(), leaf));
            f.get("dels").forEach(k -> entries.remove(k.stringValue()));
            MstBuilder.Tree after = MstBuilder.build(entries);

            assertThat(before.root().toString()).as(name).isEqualTo(f.get("rootBeforeCommit").stringValue());
            assertThat(after.root().toString()).as(name).isEqualTo(f.get("rootAfterCommit").stringValue());

            Set<String> proof = new HashSet<>();
            f.get("blocksInProof").forEach(b -> proof.add(b.stringValue()));
            // The proof is the nodes of the new tree a consumer needs to apply, and invert, each operation.
            Set<String> paths = new HashSet<>();
            f.get("adds").forEach(k -> paths.addAll(searchPath(after, k.stringValue())));
            f.get("dels").forEach(k -> paths.addAll(searchPath(after, k.stringValue())));
            assertThat(paths).as(name).isEqualTo(proof);
        }
    }

    /** CIDs of the nodes of {@code tree} visited while looking {@code key} up from the root. */
    private static Set<String> searchPath(MstBuilder.Tree tree, String key) {
        Set<String> visited = new HashSet<>();
        Cid at = tree.root();
        while (at != null) {
            visited.add(at.toString());
            MstNode node = MstNode.decode(tree.nodes().get(at));
            int i = 0;
            while (i < node.entries().size() && node.entries().get(i).key().compareTo(key) < 0) {
                i++;
            }
            if (i < node.entries().size() && node.entries().get(i).key().equals(key)) {
                // Inverting the insertion merges the two subtrees beside the key, along their facing edges.
                spine(tree, node.subtreeBefore(i), true, visited);
                spine(tree, node.subtreeBefore(i + 1), false, visited);
                break;
            }
            at = node.subtreeBefore(i);
        }
        return visited;
    }

    private static void spine(MstBuilder.Tree tree, Cid at, boolean rightEdge, Set<String> visited) {
        while (at != null) {
            visited.add(at.toString());
            MstNode node = MstNode.decode(tree.nodes().get(at));
            at = node.subtreeBefore(rightEdge ? node.entries().size() : 0);
        }
    }
}
