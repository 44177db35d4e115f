package skybatch.readers.cbor;

import java.io.StringWriter;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import skybatch.readers.cid.Cid;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a data model value in atproto's JSON form: links as {@code {"$link": "<cid>"}}, bytes as
 * {@code {"$bytes": "<base64, no padding>"}}, everything else as plain JSON. Map keys keep their order.
 */
public final class AtprotoJsonWriter {

    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AtprotoJsonWriter() {}

    public static String toJson(Object value) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = JsonMapper.shared().createGenerator(text)) {
            write(value, generator);
        }
        return text.toString();
    }

    /** Streams {@code value} to {@code generator}, e.g. straight into a database copy buffer. */
    public static void write(Object value, JsonGenerator generator) {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                generator.writeName((String) e.getKey());
                write(e.getValue(), generator);
            }
            generator.writeEndObject();
        } else if (value instanceof List<?> list) {
            generator.writeStartArray();
            for (Object item : list) {
                write(item, generator);
            }
            generator.writeEndArray();
        } else if (value instanceof String s) {
            generator.writeString(s);
        } else if (value instanceof Long || value instanceof Integer) {
            generator.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            generator.writeNumber(big);
        } else if (value instanceof Boolean b) {
            generator.writeBoolean(b);
        } else if (value instanceof Cid cid) {
            generator.writeStartObject();
            generator.writeName("$link");
            generator.writeString(cid.toString());
            generator.writeEndObject();
        } else if (value instanceof byte[] bytes) {
            generator.writeStartObject();
            generator.writeName("$bytes");
            generator.writeString(BASE64.encodeToString(bytes));
            generator.writeEndObject();
        } else {
            throw new DataModelException("not a data model type: " + value.getClass().getName());
        }
    }

    public static JsonNode toJsonNode(Object value) {
        if (value == null) {
            return NODES.nullNode();
        } else if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((key, item) -> object.set((String) key, toJsonNode(item)));
            return object;
        } else if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode(list.size());
            list.forEach(item -> array.add(toJsonNode(item)));
            return array;
        } else if (value instanceof String s) {
            return NODES.stringNode(s);
        } else if (value instanceof Long || value instanceof Integer) {
            return NODES.numberNode(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            return NODES.numberNode(big);
        } else if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        } else if (value instanceof Cid cid) {
            return NODES.objectNode().put("$link", cid.toString());
        } else if (value instanceof byte[] bytes) {
            return NODES.objectNode().put("$bytes", BASE64.encodeToString(bytes));
        }
        throw new DataModelException("not a data model type: " + value.getClass().getName());
    }
}
