package skybatch.readers.firehose.ingest;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import skybatch.readers.cbor.DagCborDecoder;
import skybatch.readers.cbor.DagCborEncoder;
import skybatch.readers.firehose.Frame;

/**
 * A message that an ingest did not journal (over the size cap, undecodable, without a seq, text), as the entry it
 * leaves in the journal in its place when {@link IngestSettings#journalRejections} is on, so that the tail, which
 * has the database, quarantines it with the stream, the seq and the reason: a frame of type {@value #TYPE} whose
 * body holds the reason, a detail, the message's size, its seq when one could be read (an oversized message's seq
 * is read from its first bytes), the last seq journalled before it and the message's first bytes.
 *
 * @param seq   the message's own seq, or null when it has none that could be read
 * @param after the seq journalled before it (-1: none)
 */
public record RejectedMessage(String reason, String detail, long size, Long seq, long after, byte[] prefix) {

    public static final String TYPE = "#skybatch-rejected";
    /** How much of a rejected message its entry keeps. */
    public static final int PREFIX_BYTES = 16 << 10;

    public RejectedMessage {
        prefix = prefix.length > PREFIX_BYTES ? Arrays.copyOf(prefix, PREFIX_BYTES) : prefix.clone();
    }

    /** The journal entry's frame: header {@code {op: 1, t: TYPE}}, then the body. */
    public byte[] toFrame() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", reason);
        body.put("detail", detail);
        body.put("size", size);
        if (seq != null) {
            body.put("seq", seq);
        }
        body.put("after", after);
        body.put("prefix", prefix);
        byte[] header = DagCborEncoder.encode(Map.of("op", (long) Frame.MESSAGE, "t", TYPE));
        byte[] encoded = DagCborEncoder.encode(body);
        byte[] frame = Arrays.copyOf(header, header.length + encoded.length);
        System.arraycopy(encoded, 0, frame, header.length, encoded.length);
        return frame;
    }

    /** The rejection a journal entry's frame records, or empty when the frame is a message of the stream. */
    public static Optional<RejectedMessage> of(Frame frame) {
        if (!TYPE.equals(frame.type())) {
            return Optional.empty();
        }
        Map<String, Object> body = frame.body();
        return Optional.of(new RejectedMessage((String) body.get("reason"), (String) body.get("detail"),
                (Long) body.get("size"), (Long) body.get("seq"), (Long) body.get("after"), (byte[]) body.get("prefix")));
    }

    /** Where the message was in the stream: {@code seq N}, or {@code after seq N} when its own is unknown. */
    public String position() {
        return seq != null ? "seq " + seq : "after seq " + after;
    }

    /**
     * The body's {@code seq} read from the first bytes of a message that may be cut short (an oversized one): the
     * header, then the body map's entries one by one until {@code seq} (DAG-CBOR orders short keys first, so it
     * comes before the large fields). Empty when the bytes do not get that far.
     */
    public static OptionalLong seqOf(byte[] message) {
        try {
            int at = DagCborDecoder.decodePrefix(message, 0).end();
            int head = message[at] & 0xff;
            long entries;
            if (head >= 0xa0 && head < 0xb8) {
                entries = head - 0xa0;
                at += 1;
            } else if (head == 0xb8) {
                entries = message[at + 1] & 0xff;
                at += 2;
            } else {
                return OptionalLong.empty();
            }
            for (long i = 0; i < entries; i++) {
                DagCborDecoder.Prefix key = DagCborDecoder.decodePrefix(message, at);
                DagCborDecoder.Prefix value = DagCborDecoder.decodePrefix(message, key.end());
                if ("seq".equals(key.value()) && value.value() instanceof Long seq) {
                    return OptionalLong.of(seq);
                }
                at = value.end();
            }
        } catch (RuntimeException e) {
            // cut short before the seq, or not DAG-CBOR at all
        }
        return OptionalLong.empty();
    }
}
