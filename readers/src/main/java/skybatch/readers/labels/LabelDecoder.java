package skybatch.readers.labels;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import skybatch.readers.cbor.DagCborEncoder;
import skybatch.readers.cid.Cid;
import skybatch.readers.cid.InvalidCidException;
import skybatch.readers.crypto.FixedKeyVerifier;
import skybatch.readers.crypto.PublicKey;
import skybatch.readers.firehose.Frame;
import skybatch.readers.syntax.AtUri;
import skybatch.readers.syntax.Datetime;
import skybatch.readers.syntax.Did;

/**
 * Reads the labels of a labeler's {@code #labels} message, checking each as the app-view would need it: the
 * fields' types, {@code src} equal to the labeler, a DID or AT-URI subject, a CID, datetimes, and the signature: the
 * label's DAG-CBOR without {@code sig}, signed with the labeler's {@code #atproto_label} key (checked with a
 * {@link FixedKeyVerifier}: the key's tables computed once). Thread-safe.
 */
public final class LabelDecoder {

    public static final String LABELS = "#labels";
    /** The lexicon's limit on {@code val}. */
    private static final int MAX_VAL_BYTES = 128;

    private final Did labeler;
    private final FixedKeyVerifier key;

    /** {@code key}'s comb tables are computed here, once: make one decoder per labeler and keep it. */
    public LabelDecoder(Did labeler, PublicKey key) {
        this.labeler = labeler;
        this.key = FixedKeyVerifier.of(key);
    }

    /**
     * The label objects of a {@code #labels} message, still to be {@link #decode decoded} one by one.
     *
     * @throws InvalidLabelException when the message is not a {@code #labels} with a list of labels
     */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> labelsOf(Frame frame) {
        if (!LABELS.equals(frame.type())) {
            throw new InvalidLabelException("a " + frame.type() + " message, not " + LABELS);
        }
        if (!(frame.body().get("labels") instanceof List<?> labels)
                || !labels.stream().allMatch(label -> label instanceof Map)) {
            throw new InvalidLabelException("a #labels message whose labels are not a list of objects");
        }
        return (List<Map<String, Object>>) labels;
    }

    /** Checks one label object and returns it as a {@link Label}. */
    public Label decode(Map<String, Object> fields) {
        Did src = did(text(fields, "src", true), "src");
        if (!src.equals(labeler)) {
            throw new InvalidLabelException("a label from " + src + " in the stream of " + labeler);
        }
        String subject = text(fields, "uri", true);
        checkSubject(subject);
        String cid = text(fields, "cid", false);
        if (cid != null) {
            try {
                Cid.parse(cid);
            } catch (InvalidCidException e) {
                throw new InvalidLabelException("the cid '" + cid + "' is not a CID: " + e.getMessage());
            }
        }
        String val = text(fields, "val", true);
        if (val.isEmpty() || val.getBytes(StandardCharsets.UTF_8).length > MAX_VAL_BYTES) {
            throw new InvalidLabelException("the val is empty or longer than " + MAX_VAL_BYTES + " bytes");
        }
        Object neg = fields.get("neg");
        if (neg != null && !(neg instanceof Boolean)) {
            throw new InvalidLabelException("neg is not a boolean");
        }
        Datetime cts = datetime(text(fields, "cts", true), "cts");
        String exp = text(fields, "exp", false);
        checkSignature(fields);
        return new Label(src, subject, cid, val, Boolean.TRUE.equals(neg), cts,
                exp == null ? null : datetime(exp, "exp"));
    }

    private void checkSignature(Map<String, Object> fields) {
        if (!(fields.get("sig") instanceof byte[] sig)) {
            throw new InvalidLabelException("the label is not signed (no sig bytes)");
        }
        if (fields.get("ver") != null && !Long.valueOf(1).equals(fields.get("ver"))) {
            throw new InvalidLabelException("label version " + fields.get("ver") + ", not 1");
        }
        Map<String, Object> unsigned = new LinkedHashMap<>(fields);
        unsigned.remove("sig");
        if (!key.verify(DagCborEncoder.encode(unsigned), sig)) {
            throw new InvalidLabelException("the signature does not verify with " + labeler + "'s label key "
                    + key.key().toDidKey());
        }
    }

    private static void checkSubject(String subject) {
        if (subject.startsWith("did:")) {
            did(subject, "uri");
        } else if (AtUri.tryParse(subject).isEmpty()) {
            throw new InvalidLabelException("the subject '" + subject + "' is neither a DID nor an AT-URI");
        }
    }

    private static Did did(String value, String field) {
        return Did.tryParse(value).orElseThrow(() -> new InvalidLabelException("the " + field + " '" + value
                + "' is not a DID"));
    }

    private static Datetime datetime(String value, String field) {
        return Datetime.tryParse(value).orElseThrow(() -> new InvalidLabelException("the " + field + " '" + value
                + "' is not a datetime"));
    }

    private static String text(Map<String, Object> fields, String name, boolean required) {
        Object value = fields.get(name);
        if (value == null && !required) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new InvalidLabelException("the label's " + name + " is " + (value == null ? "missing" : "not text"));
        }
        return text;
    }
}
