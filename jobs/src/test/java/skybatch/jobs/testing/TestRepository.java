package skybatch.jobs.testing;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import skybatch.readers.cbor.DagCborEncoder;
import skybatch.readers.cid.Cid;
import skybatch.readers.cid.Varint;
import skybatch.readers.mst.MstBuilder;

/**
 * Builds a signed repository CAR as a PDS serves it from getRepo: record blocks, the MST that
 * {@link MstBuilder} computes over their keys, a version 3 commit signed by a {@link TestSigner}, and the CAR
 * with the commit as its root.
 */
public final class TestRepository {

    private final String did;
    private final SortedMap<String, Cid> keys = new TreeMap<>();
    private final Map<Cid, byte[]> blocks = new LinkedHashMap<>();
    private String rev = "3lbackfill0001";

    public TestRepository(String did) {
        this.did = did;
    }

    public String did() {
        return did;
    }

    /** Adds (or replaces) a record; the value is encoded as DAG-CBOR. */
    public TestRepository record(String collection, String rkey, Map<String, Object> value) {
        return block(collection, rkey, DagCborEncoder.encode(value));
    }

    /** Adds a record whose block is these bytes, as they are (e.g. bytes that do not decode). */
    public TestRepository block(String collection, String rkey, byte[] data) {
        Cid cid = Cid.compute(Cid.DAG_CBOR, data);
        blocks.put(cid, data);
        keys.put(collection + "/" + rkey, cid);
        return this;
    }

    public TestRepository remove(String collection, String rkey) {
        keys.remove(collection + "/" + rkey);
        return this;
    }

    public TestRepository rev(String rev) {
        this.rev = rev;
        return this;
    }

    /** The record's CID, as the repository holds it. */
    public String cid(String collection, String rkey) {
        return keys.get(collection + "/" + rkey).toString();
    }

    public int size() {
        return keys.size();
    }

    /** The signed CAR, and its root. */
    public Car car(TestSigner signer) {
        MstBuilder.Tree tree = MstBuilder.build(keys);
        Map<String, Object> commit = new LinkedHashMap<>();
        commit.put("did", did);
        commit.put("version", 3L);
        commit.put("data", tree.root());
        commit.put("rev", rev);
        commit.put("prev", null);
        commit.put("sig", signer.sign(DagCborEncoder.encode(commit)));
        byte[] commitBlock = DagCborEncoder.encode(commit);
        Cid root = Cid.compute(Cid.DAG_CBOR, commitBlock);

        Map<Cid, byte[]> all = new LinkedHashMap<>();
        all.put(root, commitBlock);
        all.putAll(tree.nodes());
        for (Cid cid : keys.values()) {
            all.put(cid, blocks.get(cid));
        }
        return new Car(root, write(root, all));
    }

    /** A CAR's root (the commit) and its bytes. */
    public record Car(Cid root, byte[] bytes) {}

    /** A CARv1: the header {@code {version: 1, roots: [root]}}, then each block as varint(length) CID data. */
    public static byte[] write(Cid root, Map<Cid, byte[]> blocks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("version", 1L);
        header.put("roots", new ArrayList<>(List.of(root)));
        section(out, DagCborEncoder.encode(header));
        blocks.forEach((cid, data) -> {
            byte[] cidBytes = cid.toBytes();
            byte[] body = new byte[cidBytes.length + data.length];
            System.arraycopy(cidBytes, 0, body, 0, cidBytes.length);
            System.arraycopy(data, 0, body, cidBytes.length, data.length);
            section(out, body);
        });
        return out.toByteArray();
    }

    private static void section(ByteArrayOutputStream out, byte[] body) {
        byte[] length = new byte[Varint.MAX_BYTES];
        out.write(length, 0, Varint.encode(body.length, length, 0));
        out.writeBytes(body);
    }
}
