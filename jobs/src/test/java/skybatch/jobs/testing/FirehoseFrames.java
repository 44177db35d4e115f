package skybatch.jobs.testing;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import skybatch.readers.cbor.DagCborEncoder;
import skybatch.readers.cid.Cid;
import skybatch.readers.mst.MstBuilder;

/**
 * Firehose frames as a relay sends them ({@code {op, t}} header, then the body, both DAG-CBOR), for a repository
 * whose commits this builds and signs: each {@code #commit} carries its ops, the new commit block and the created or
 * updated records' blocks, its {@code since} and {@code prevData}, and moves the repository on.
 */
public final class FirehoseFrames {

    private final String did;
    private final TestSigner signer;
    private final SortedMap<String, Cid> keys = new TreeMap<>();
    private int revs;
    private String rev;
    private Cid data;

    public FirehoseFrames(String did, TestSigner signer) {
        this.did = did;
        this.signer = signer;
    }

    public String did() {
        return did;
    }

    /** The rev the next commit gets, without making one: for stale and out-of-order events. */
    public String rev() {
        return rev;
    }

    /** The records the repository holds now: URI to CID. */
    public Map<String, String> records() {
        Map<String, String> records = new TreeMap<>();
        keys.forEach((path, cid) -> records.put("at://" + did + "/" + path, cid.toString()));
        return records;
    }

    /** A commit, to which operations are added. */
    public Commit commit() {
        return new Commit();
    }

    public static byte[] identity(long seq, String did) {
        return frame("#identity", map("seq", seq, "did", did, "time", Instant.now().toString()));
    }

    public static byte[] account(long seq, String did, boolean active, String status) {
        Map<String, Object> body = map("seq", seq, "did", did, "time", Instant.now().toString(), "active", active);
        if (status != null) {
            body.put("status", status);
        }
        return frame("#account", body);
    }

    /** A {@code #sync} to the repository's current commit, with a newer rev. */
    public byte[] sync(long seq) {
        rev = nextRev();
        Map<Cid, byte[]> blocks = new LinkedHashMap<>();
        Cid commit = signedCommit(blocks);
        return frame("#sync", map("seq", seq, "did", did, "rev", rev, "blocks", TestRepository.write(commit, blocks),
                "time", Instant.now().toString()));
    }

    public static byte[] frame(String type, Map<String, Object> body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(DagCborEncoder.encode(map("op", 1L, "t", type)));
        out.writeBytes(DagCborEncoder.encode(body));
        return out.toByteArray();
    }

    public static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            map.put((String) keysAndValues[i], value instanceof Integer n ? Long.valueOf(n) : value);
        }
        return map;
    }

    /** A TID, as relays send revs (base32-sortable: the count's digits as 2-7 and a-d), later ones sorting after. */
    private String nextRev() {
        StringBuilder rev = new StringBuilder("3lfire");
        for (char digit : String.format("%07d", ++revs).toCharArray()) {
            rev.append("234567abcd".charAt(digit - '0'));
        }
        return rev.toString();
    }

    private Cid signedCommit(Map<Cid, byte[]> blocks) {
        return signedCommit(blocks, signer);
    }

    private Cid signedCommit(Map<Cid, byte[]> blocks, TestSigner by) {
        Map<String, Object> commit = new LinkedHashMap<>();
        commit.put("did", did);
        commit.put("version", 3L);
        commit.put("data", data);
        commit.put("rev", rev);
        commit.put("prev", null);
        commit.put("sig", by.sign(DagCborEncoder.encode(commit)));
        byte[] block = DagCborEncoder.encode(commit);
        Cid cid = Cid.compute(Cid.DAG_CBOR, block);
        blocks.put(cid, block);
        return cid;
    }

    /** One commit being put together. */
    public final class Commit {
        private final List<Object> ops = new ArrayList<>();
        private final Map<Cid, byte[]> recordBlocks = new LinkedHashMap<>();
        private final List<Cid> withheld = new ArrayList<>();
        private TestSigner signedBy = signer;
        private Cid prevDataOverride;

        public Commit create(String path, Map<String, Object> value) {
            return put("create", path, DagCborEncoder.encode(value));
        }

        public Commit update(String path, Map<String, Object> value) {
            return put("update", path, DagCborEncoder.encode(value));
        }

        /** A create whose record block is these bytes. */
        public Commit createBlock(String path, byte[] block) {
            return put("create", path, block);
        }

        public Commit delete(String path) {
            keys.remove(path);
            ops.add(map("action", "delete", "path", path, "cid", null));
            return this;
        }

        /** Leaves the last op's record block out of the frame. */
        public Commit withoutLastBlock() {
            withheld.add(new ArrayList<>(recordBlocks.keySet()).get(recordBlocks.size() - 1));
            return this;
        }

        public Commit signedBy(TestSigner other) {
            signedBy = other;
            return this;
        }

        /** Claims another previous root than the repository's. */
        public Commit prevData(Cid other) {
            prevDataOverride = other;
            return this;
        }

        private Commit put(String action, String path, byte[] block) {
            Cid cid = Cid.compute(Cid.DAG_CBOR, block);
            recordBlocks.put(cid, block);
            keys.put(path, cid);
            ops.add(map("action", action, "path", path, "cid", cid));
            return this;
        }

        /** The frame; the repository moves on to this commit. */
        public byte[] at(long seq) {
            String since = rev;
            Cid prevData = prevDataOverride != null ? prevDataOverride : data;
            rev = nextRev();
            data = MstBuilder.build(keys).root();
            Map<Cid, byte[]> blocks = new LinkedHashMap<>();
            Cid commit = signedCommit(blocks, signedBy);
            recordBlocks.forEach((cid, block) -> {
                if (!withheld.contains(cid)) {
                    blocks.put(cid, block);
                }
            });
            Map<String, Object> body = map("seq", seq, "rebase", false, "tooBig", false, "repo", did, "commit",
                    commit, "rev", rev, "since", since, "blocks", TestRepository.write(commit, blocks), "ops", ops,
                    "blobs", List.of(), "time", Instant.now().toString());
            if (prevData != null) {
                body.put("prevData", prevData);
            }
            return frame("#commit", body);
        }
    }
}
