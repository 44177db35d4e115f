package skybatch.readers.labels;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import skybatch.readers.cbor.DagCborEncoder;
import skybatch.readers.crypto.Curve;
import skybatch.readers.crypto.TestKey;
import skybatch.readers.firehose.testing.StreamFrames;

/** A labeler for tests: signs labels with a test key, as {@code #labels} messages. */
public final class TestLabeler {

    private final String did;
    private final TestKey key;

    public TestLabeler(String did, Curve curve) {
        this.did = did;
        this.key = new TestKey(curve, did);
    }

    public String did() {
        return did;
    }

    public TestKey key() {
        return key;
    }

    /** A signed label object (with {@code ver: 1}); {@code cid} and {@code exp} may be null. */
    public Map<String, Object> label(String subject, String cid, String val, boolean neg, String cts, String exp) {
        Map<String, Object> label = new LinkedHashMap<>();
        label.put("ver", 1L);
        label.put("src", did);
        label.put("uri", subject);
        if (cid != null) {
            label.put("cid", cid);
        }
        label.put("val", val);
        if (neg) {
            label.put("neg", true);
        }
        label.put("cts", cts);
        if (exp != null) {
            label.put("exp", exp);
        }
        label.put("sig", key.sign(DagCborEncoder.encode(label)));
        return label;
    }

    /** A {@code #labels} message. */
    @SafeVarargs
    public static byte[] message(long seq, Map<String, Object>... labels) {
        return StreamFrames.message(LabelDecoder.LABELS, Map.of("seq", seq, "labels", List.of(labels)));
    }
}
