package skybatch.readers.cbor;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import skybatch.readers.cid.Cid;
import skybatch.readers.cid.InvalidCidException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads atproto's JSON form into the data model and checks the rules the JSON form adds: the top level is an
 * object; {@code {"$link": cid}} and {@code {"$bytes": base64}} objects have that single field; a {@code $type} is a
 * non-empty string; a {@code blob} has a link {@code ref}, a string {@code mimeType} and an integer {@code size};
 * numbers are integers (an integral value written with a fraction, such as {@code 123.0}, counts as one).
 */
public final class AtprotoJsonReader {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Exact decimals, so 1.0000000000000001 is not rounded into an integer.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private AtprotoJsonReader() {}

    public static Map<String, Object> fromJson(String json) {
        try {
            return fromJsonNode(JSON.readTree(json));
        } catch (JacksonException e) {
            throw new DataModelException("not valid JSON: " + e.getOriginalMessage());
        }
    }

    public static Map<String, Object> fromJsonNode(JsonNode node) {
        if (!node.isObject()) {
            throw new DataModelException("the top level must be an object, not " + node.getNodeType());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) convert(node, "");
        return map;
    }

    private static Object convert(JsonNode node, String path) {
        switch (node.getNodeType()) {
            case NULL:
                return null;
            case BOOLEAN:
                return node.booleanValue();
            case STRING:
                return node.stringValue();
            case NUMBER:
                return integer(node, path);
            case ARRAY:
                List<Object> list = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    list.add(convert(node.get(i), path + "/" + i));
                }
                return list;
            case OBJECT:
                return object(node, path);
            default:
                throw new DataModelException(at(path) + "not a JSON data model value: " + node.getNodeType());
        }
    }

    private static Object object(JsonNode node, String path) {
        if (node.has("$link")) {
            return link(node, path);
        }
        if (node.has("$bytes")) {
            return bytes(node, path);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            map.put(field.getKey(), convert(field.getValue(), path + "/" + field.getKey()));
        }
        if (map.containsKey("$type")) {
            checkType(map, path);
        }
        return map;
    }

    private static Cid link(JsonNode node, String path) {
        String text = singleStringField(node, "$link", path);
        try {
            return Cid.parse(text);
        } catch (InvalidCidException e) {
            throw new DataModelException(at(path) + e.getMessage());
        }
    }

    private static byte[] bytes(JsonNode node, String path) {
        String text = singleStringField(node, "$bytes", path);
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new DataModelException(at(path) + "$bytes is not base64: " + e.getMessage());
        }
    }

    private static String singleStringField(JsonNode node, String name, String path) {
        if (node.size() != 1) {
            throw new DataModelException(at(path) + "an object with " + name + " must have no other field");
        }
        JsonNode value = node.get(name);
        if (!value.isString()) {
            throw new DataModelException(at(path) + name + " must be a string");
        }
        return value.stringValue();
    }

    private static void checkType(Map<String, Object> map, String path) {
        if (!(map.get("$type") instanceof String type) || type.isEmpty()) {
            throw new DataModelException(at(path) + "$type must be a non-empty string");
        }
        if (type.equals("blob")) {
            if (!(map.get("ref") instanceof Cid)) {
                throw new DataModelException(at(path) + "a blob needs a $link ref");
            }
            if (!(map.get("mimeType") instanceof String)) {
                throw new DataModelException(at(path) + "a blob needs a string mimeType");
            }
            if (!(map.get("size") instanceof Long)) {
                throw new DataModelException(at(path) + "a blob needs an integer size");
            }
        }
    }

    private static Object integer(JsonNode node, String path) {
        BigInteger value;
        if (node.isIntegralNumber()) {
            value = node.bigIntegerValue();
        } else {
            BigDecimal decimal = node.decimalValue();
            if (decimal.stripTrailingZeros().scale() > 0) {
                throw new DataModelException(at(path) + "floating-point numbers are not allowed: " + decimal);
            }
            value = decimal.toBigIntegerExact();
        }
        DagCborEncoder.checkRange(value);
        return value.bitLength() < Long.SIZE ? (Object) value.longValue() : value;
    }

    private static String at(String path) {
        return (path.isEmpty() ? "/" : path) + ": ";
    }
}
