package skybatch.readers.firehose.testing;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import skybatch.readers.cbor.DagCborEncoder;

/** Event-stream frames for tests: a DAG-CBOR header, then a DAG-CBOR body. */
public final class StreamFrames {

    private StreamFrames() {}

    public static byte[] frame(Map<String, Object> header, Map<String, Object> body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(DagCborEncoder.encode(header));
        out.writeBytes(DagCborEncoder.encode(body));
        return out.toByteArray();
    }

    public static byte[] message(String type, Map<String, Object> body) {
        return frame(Map.of("op", 1L, "t", type), body);
    }

    /** A small {@code #identity} message. */
    public static byte[] identity(long seq) {
        return message("#identity", Map.of("seq", seq, "did", "did:plc:test" + seq, "time", "2026-12-01T09:00:00Z"));
    }

    /** A {@code #commit}-shaped message whose {@code blocks} hold {@code blockBytes} bytes. */
    public static byte[] commit(long seq, String repo, int blockBytes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("seq", seq);
        body.put("repo", repo);
        body.put("rev", "3l" + Long.toString(seq, 32));
        body.put("time", "2026-12-01T09:00:00Z");
        body.put("ops", java.util.List.of());
        body.put("blocks", new byte[blockBytes]);
        body.put("tooBig", false);
        return message("#commit", body);
    }

    public static byte[] error(String name, String message) {
        return frame(Map.of("op", -1L), Map.of("error", name, "message", message));
    }

    public static byte[] info(String name, String message) {
        return message("#info", Map.of("name", name, "message", message));
    }
}
