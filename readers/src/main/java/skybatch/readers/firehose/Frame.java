package skybatch.readers.firehose;

import java.util.Map;
import java.util.OptionalLong;
import skybatch.readers.cbor.DagCborDecoder;
import skybatch.readers.cbor.DagCborException;

/**
 * One event-stream message (a firehose or label stream frame) decoded: the header's {@code op} and {@code t}, then
 * the body.
 *
 * @param op   {@link #MESSAGE} or {@link #ERROR}
 * @param type the header's {@code t}, such as {@code #commit} or {@code #info}; {@code null} for an error
 * @param body the body: the message's fields, or {@code {error, message}} for an error
 */
public record Frame(int op, String type, Map<String, Object> body) {

    public static final int MESSAGE = 1;
    public static final int ERROR = -1;

    /**
     * Decodes a frame as received.
     *
     * @throws InvalidFrameException naming the byte offset when the bytes are not a header map with {@code op}
     *         (and {@code t} for a message) followed by exactly one body map
     */
    public static Frame decode(byte[] frame) {
        DagCborDecoder.Prefix header;
        DagCborDecoder.Prefix body;
        try {
            header = DagCborDecoder.decodePrefix(frame, 0);
            body = header.value() instanceof Map ? DagCborDecoder.decodePrefix(frame, header.end()) : null;
        } catch (DagCborException e) {
            throw new InvalidFrameException("not DAG-CBOR: " + e.problem(), e.offset(), e);
        }
        if (!(header.value() instanceof Map<?, ?> fields)) {
            throw new InvalidFrameException("the header is not a map", 0, null);
        }
        if (!(fields.get("op") instanceof Long op) || (op != MESSAGE && op != ERROR)) {
            throw new InvalidFrameException("the header's op is " + fields.get("op") + ", not 1 or -1", 0, null);
        }
        Object type = fields.get("t");
        if (op == MESSAGE && !(type instanceof String)) {
            throw new InvalidFrameException("a message's header has no type t", 0, null);
        }
        if (!(body.value() instanceof Map<?, ?>)) {
            throw new InvalidFrameException("the body is not a map", header.end(), null);
        }
        if (body.end() != frame.length) {
            throw new InvalidFrameException((frame.length - body.end()) + " bytes after the body", body.end(), null);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> bodyMap = (Map<String, Object>) body.value();
        return new Frame(op.intValue(), op == MESSAGE ? (String) type : null, bodyMap);
    }

    public boolean isError() {
        return op == ERROR;
    }

    /** The body's {@code seq}, which every message but {@code #info} carries. */
    public OptionalLong seq() {
        return body.get("seq") instanceof Long seq ? OptionalLong.of(seq) : OptionalLong.empty();
    }

    /** An error's name ({@code FutureCursor}, {@code ConsumerTooSlow}, ...) or an {@code #info}'s {@code name}. */
    public String name() {
        Object name = body.get(isError() ? "error" : "name");
        return name instanceof String text ? text : null;
    }

    /** An error's or an {@code #info}'s human-readable {@code message}, if any. */
    public String message() {
        return body.get("message") instanceof String text ? text : null;
    }
}
