package skybatch.readers.plc;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import skybatch.readers.did.DidDocument;
import skybatch.readers.syntax.Datetime;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.InvalidSyntaxException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses one line of the PLC export, in either format: legacy {@code {did, operation, cid, nullified, createdAt}}
 * or sequenced {@code {type: "sequenced_op", seq, did, operation, cid, createdAt}}. Operations of type
 * {@code plc_operation}, legacy {@code create} and {@code plc_tombstone} are understood; anything else is an
 * {@link InvalidPlcLineException} naming the first thing wrong. Thread-safe. A line is read by
 * {@link PlcLineScanner}, in one streaming pass, and as a tree only when the scanner cannot read it (a bad line, or
 * an unusual one): the tree names what is wrong.
 */
public class PlcLineParser {

    /** Duplicate keys are refused: the last value would win here while the partitioner hashed the first "did". */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private final PlcLineScanner scanner = new PlcLineScanner(MAPPER);

    public PlcOperation parse(String line) {
        PlcOperation scanned = scanner.scan(line);
        return scanned != null ? scanned : parseTree(line);
    }

    /**
     * The operation of a line of ASCII only given as its bytes, or null when the scanner cannot read it: then the
     * line's text is to be {@link #parse parsed}, as a tree, which says what is wrong.
     */
    PlcOperation scan(byte[] line, int length) {
        return scanner.scan(line, length);
    }

    /** Reads the line as a tree: a line the scanner does not read, valid or not; it names the first thing wrong. */
    static PlcOperation parseTree(String line) {
        JsonNode root;
        try {
            root = MAPPER.readTree(line);
        } catch (JacksonException e) {
            throw new InvalidPlcLineException("invalid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidPlcLineException("not a JSON object");
        }
        if (!storableText(root)) {
            requireStorableText(root, "");
        }
        Long seq = null;
        if (root.has("type")) {
            if (!"sequenced_op".equals(root.get("type").asString(""))) {
                throw new InvalidPlcLineException("unknown export entry type " + root.get("type"));
            }
            JsonNode seqNode = root.get("seq");
            if (seqNode == null || !seqNode.canConvertToExactIntegral() || !seqNode.canConvertToLong()) {
                throw new InvalidPlcLineException("'seq' must be an integer");
            }
            seq = seqNode.asLong();
        }
        Did did = did(requiredString(root, "did"));
        String cid = requiredString(root, "cid");
        Instant createdAt = instant(requiredString(root, "createdAt"));
        boolean nullified = optionalBoolean(root, "nullified");
        JsonNode operation = root.get("operation");
        if (operation == null || !operation.isObject()) {
            throw new InvalidPlcLineException("'operation' must be an object");
        }
        return new PlcOperation(did, cid, createdAt, nullified, seq, document(did, operation));
    }

    /**
     * The export cursor of a line that may not parse as an operation: its {@code seq} in the sequenced format, its
     * {@code createdAt} in the legacy one; empty when the line does not say. Lets a page reader go past bad lines.
     */
    public Optional<String> cursorOf(String line) {
        JsonNode root;
        try {
            root = MAPPER.readTree(line);
        } catch (JacksonException e) {
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        if (root.has("type")) {
            JsonNode seq = root.path("seq");
            return seq.canConvertToExactIntegral() && seq.canConvertToLong()
                    ? Optional.of(Long.toString(seq.asLong())) : Optional.empty();
        }
        JsonNode createdAt = root.path("createdAt");
        try {
            return createdAt.isString() ? Optional.of(Instant.parse(createdAt.asString()).toString()) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether every key and string holds neither U+0000 nor an unpaired surrogate, which JSON escapes can carry
     * ({@code \\u0000}, {@code \\ud800}) but which PostgreSQL's text cannot hold: the one would fail the chunk's
     * COPY, the other turn into '?'. Names no path, so that a valid line (nearly all) builds none.
     */
    private static boolean storableText(JsonNode node) {
        if (node.isString()) {
            return firstUnstorable(node.stringValue()) < 0;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                if (firstUnstorable(property.getKey()) >= 0 || !storableText(property.getValue())) {
                    return false;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (!storableText(element)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The index of the first U+0000 or unpaired surrogate in {@code text}, or -1. */
    static int firstUnstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return i;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Throws for the first text {@link #storableText} refuses, naming where it is in the line. */
    private static void requireStorableText(JsonNode node, String path) {
        if (node.isString()) {
            requireStorable(node.stringValue(), path.isEmpty() ? "a value" : "'" + path + "'");
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                String name = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
                requireStorable(property.getKey(), "the key '" + name + "'");
                requireStorableText(property.getValue(), name);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireStorableText(node.get(i), path + "[" + i + "]");
            }
        }
    }

    private static void requireStorable(String text, String what) {
        int at = firstUnstorable(text);
        if (at < 0) {
            return;
        }
        char c = text.charAt(at);
        throw new InvalidPlcLineException(c == 0 ? what + " holds U+0000"
                : what + " holds an unpaired surrogate \\u" + Integer.toHexString(c));
    }

    private static DidDocument document(Did did, JsonNode operation) {
        String type = requiredString(operation, "type");
        return switch (type) {
            case "plc_operation" -> plcOperation(did, operation);
            case "create" -> legacyCreate(did, operation);
            case "plc_tombstone" -> null;
            default -> throw new InvalidPlcLineException("unknown operation type '" + type + "'");
        };
    }

    private static DidDocument plcOperation(Did did, JsonNode op) {
        List<String> aka = new ArrayList<>();
        for (JsonNode entry : requiredArray(op, "alsoKnownAs")) {
            if (!entry.isString()) {
                throw new InvalidPlcLineException("'operation.alsoKnownAs' must hold strings");
            }
            aka.add(entry.asString());
        }
        List<DidDocument.VerificationMethod> methods = new ArrayList<>();
        for (Map.Entry<String, JsonNode> vm : requiredObject(op, "verificationMethods").properties()) {
            if (!vm.getValue().isString()) {
                throw new InvalidPlcLineException("'operation.verificationMethods." + vm.getKey() + "' must be a string");
            }
            PlcDocuments.method(did, vm.getKey(), vm.getValue().asString(), methods);
        }
        List<DidDocument.Service> services = new ArrayList<>();
        for (Map.Entry<String, JsonNode> service : requiredObject(op, "services").properties()) {
            JsonNode value = service.getValue();
            if (!value.isObject() || !value.path("type").isString() || !value.path("endpoint").isString()) {
                throw new InvalidPlcLineException(
                        "'operation.services." + service.getKey() + "' must have string 'type' and 'endpoint'");
            }
            services.add(PlcDocuments.service(service.getKey(), value.get("type").asString(),
                    value.get("endpoint").asString()));
        }
        return new DidDocument(did, aka, methods, services);
    }

    private static DidDocument legacyCreate(Did did, JsonNode op) {
        String handle = requiredString(op, "handle");
        String service = requiredString(op, "service");
        return PlcDocuments.legacyCreate(did, handle, service, requiredString(op, "signingKey"));
    }

    private static Did did(String value) {
        try {
            return Did.parsePlc(value);
        } catch (InvalidSyntaxException e) {
            throw new InvalidPlcLineException(e.getMessage());
        }
    }

    private static Instant instant(String value) {
        try {
            return Datetime.parseInstant(value);
        } catch (DateTimeParseException e) {
            throw new InvalidPlcLineException("'createdAt' is not an ISO-8601 instant: '" + value + "'");
        }
    }

    private static String requiredString(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidPlcLineException("missing '" + field + "'");
        }
        if (!value.isString()) {
            throw new InvalidPlcLineException("'" + field + "' must be a string");
        }
        return value.asString();
    }

    private static boolean optionalBoolean(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new InvalidPlcLineException("'" + field + "' must be a boolean");
        }
        return value.asBoolean();
    }

    private static JsonNode requiredArray(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new InvalidPlcLineException("'operation." + field + "' must be an array");
        }
        return value;
    }

    private static JsonNode requiredObject(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw new InvalidPlcLineException("'operation." + field + "' must be an object");
        }
        return value;
    }
}
