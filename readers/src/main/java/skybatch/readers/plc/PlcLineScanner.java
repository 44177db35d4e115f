package skybatch.readers.plc;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import skybatch.readers.did.DidDocument;
import skybatch.readers.syntax.Datetime;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.InvalidSyntaxException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;

/**
 * {@link PlcLineParser}'s fast path: reads a line in one pass of Jackson's streaming parser, no tree built, checking
 * each key and string as it goes by, and gives the operation of a valid line. Anything else (not JSON, a value of
 * another type than an operation has, a text PostgreSQL cannot hold, an unknown type, a bad DID or date) gives
 * null, and the parser reads the line as a tree, which says what is wrong; so a bad line's message is the tree's,
 * and only valid lines must read here exactly as there.
 */
final class PlcLineScanner {

    private final ObjectMapper mapper;

    /** @param mapper the tree parse's, so that its read features (duplicate keys refused) hold here too */
    PlcLineScanner(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The line's operation, or null when the tree parse must decide. */
    PlcOperation scan(String line) {
        try (JsonParser parser = mapper.createParser(line)) {
            return scan(parser);
        } catch (JacksonException e) {
            return null;
        }
    }

    /**
     * The operation of a line given as its bytes, of ASCII only (so that they read as its text does), or null when
     * the tree parse must decide. Jackson reads bytes without first copying them into characters.
     */
    PlcOperation scan(byte[] line, int length) {
        try (JsonParser parser = mapper.createParser(line, 0, length)) {
            return scan(parser);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static PlcOperation scan(JsonParser parser) {
        Line read = new Line();
        if (parser.nextToken() != JsonToken.START_OBJECT || !read.entry(parser) || parser.nextToken() != null) {
            return null;
        }
        return read.operation();
    }

    /** What one line says, as it is read. */
    private static final class Line {
        private boolean sequenced;
        private Long seq;
        private String did;
        private String cid;
        private String createdAt;
        private boolean nullified;
        private boolean hasOperation;
        private String type;
        private List<String> alsoKnownAs;
        /** name, key, name, key... */
        private List<String> methods;
        /** name, type, endpoint, name, type, endpoint... */
        private List<String> services;
        private String handle;
        private String service;
        private String signingKey;

        /** The export entry's properties, up to its end; false when the tree parse must decide. */
        boolean entry(JsonParser parser) {
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                boolean read = switch (name) {
                    case "type" -> value == JsonToken.VALUE_STRING && "sequenced_op".equals(parser.getString())
                            && (sequenced = true);
                    case "seq" -> seq(parser, value);
                    case "did" -> (did = string(parser, value)) != null;
                    case "cid" -> (cid = string(parser, value)) != null;
                    case "createdAt" -> (createdAt = string(parser, value)) != null;
                    case "nullified" -> nullified(value);
                    case "operation" -> value == JsonToken.START_OBJECT && (hasOperation = operation(parser));
                    default -> storable(name) && skipStorable(parser);
                };
                if (!read) {
                    return false;
                }
            }
            return true;
        }

        /** Any value when the entry is legacy ({@code seq} is then ignored), else an integer read on a long. */
        private boolean seq(JsonParser parser, JsonToken value) {
            if (value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                seq = parser.getLongValue();
                return true;
            }
            return skipStorable(parser);
        }

        private boolean nullified(JsonToken value) {
            nullified = value == JsonToken.VALUE_TRUE;
            return value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE || value == JsonToken.VALUE_NULL;
        }

        private boolean operation(JsonParser parser) {
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                boolean read = switch (name) {
                    case "type" -> (type = string(parser, value)) != null;
                    case "alsoKnownAs" -> value == JsonToken.START_ARRAY && (alsoKnownAs = strings(parser)) != null;
                    case "verificationMethods" -> value == JsonToken.START_OBJECT
                            && (methods = methods(parser)) != null;
                    case "services" -> value == JsonToken.START_OBJECT && (services = services(parser)) != null;
                    case "handle" -> (handle = string(parser, value)) != null;
                    case "service" -> (service = string(parser, value)) != null;
                    case "signingKey" -> (signingKey = string(parser, value)) != null;
                    default -> storable(name) && skipStorable(parser);
                };
                if (!read) {
                    return false;
                }
            }
            return true;
        }

        /** The operation the line holds, or null when it is not plainly valid. */
        PlcOperation operation() {
            if (sequenced && seq == null || did == null || cid == null || createdAt == null || !hasOperation
                    || type == null) {
                return null;
            }
            Did parsedDid;
            Instant instant;
            try {
                parsedDid = Did.parsePlc(did);
                instant = Datetime.parseInstant(createdAt);
            } catch (InvalidSyntaxException | DateTimeParseException e) {
                return null;
            }
            DidDocument document;
            switch (type) {
                case "plc_operation" -> {
                    if (alsoKnownAs == null || methods == null || services == null) {
                        return null;
                    }
                    document = plcOperation(parsedDid);
                }
                case "create" -> {
                    if (handle == null || service == null || signingKey == null) {
                        return null;
                    }
                    document = PlcDocuments.legacyCreate(parsedDid, handle, service, signingKey);
                }
                case "plc_tombstone" -> document = null;
                default -> {
                    return null;
                }
            }
            return new PlcOperation(parsedDid, cid, instant, nullified, sequenced ? seq : null, document);
        }

        private DidDocument plcOperation(Did parsedDid) {
            List<DidDocument.VerificationMethod> vms = new ArrayList<>(methods.size() / 2);
            for (int i = 0; i < methods.size(); i += 2) {
                PlcDocuments.method(parsedDid, methods.get(i), methods.get(i + 1), vms);
            }
            List<DidDocument.Service> list = new ArrayList<>(services.size() / 3);
            for (int i = 0; i < services.size(); i += 3) {
                list.add(PlcDocuments.service(services.get(i), services.get(i + 1), services.get(i + 2)));
            }
            return new DidDocument(parsedDid, alsoKnownAs, vms, list);
        }
    }

    /** The string at the parser if it is one and storable, else null. */
    private static String string(JsonParser parser, JsonToken value) {
        if (value != JsonToken.VALUE_STRING) {
            return null;
        }
        String text = parser.getString();
        return storable(text) ? text : null;
    }

    /** An array of storable strings, up to its end; null for anything else. */
    private static List<String> strings(JsonParser parser) {
        List<String> strings = new ArrayList<>(2);
        JsonToken element;
        while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
            String text = string(parser, element);
            if (text == null) {
                return null;
            }
            strings.add(text);
        }
        return strings;
    }

    /** An object of storable strings by storable names, as name, value, name, value...; null for anything else. */
    private static List<String> methods(JsonParser parser) {
        List<String> methods = new ArrayList<>(4);
        String name;
        while ((name = parser.nextName()) != null) {
            String key = string(parser, parser.nextToken());
            if (key == null || !storable(name)) {
                return null;
            }
            methods.add(name);
            methods.add(key);
        }
        return methods;
    }

    /** Services of string type and endpoint, as name, type, endpoint...; null for anything else. */
    private static List<String> services(JsonParser parser) {
        List<String> services = new ArrayList<>(3);
        String name;
        while ((name = parser.nextName()) != null) {
            if (parser.nextToken() != JsonToken.START_OBJECT || !storable(name)) {
                return null;
            }
            String type = null;
            String endpoint = null;
            String property;
            while ((property = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                boolean read = switch (property) {
                    case "type" -> (type = string(parser, value)) != null;
                    case "endpoint" -> (endpoint = string(parser, value)) != null;
                    default -> storable(property) && skipStorable(parser);
                };
                if (!read) {
                    return null;
                }
            }
            if (type == null || endpoint == null) {
                return null;
            }
            services.add(name);
            services.add(type);
            services.add(endpoint);
        }
        return services;
    }

    /** Passes over the value whose first token the parser is at; false if a key or string in it is not storable. */
    private static boolean skipStorable(JsonParser parser) {
        int depth = 0;
        JsonToken token = parser.currentToken();
        while (true) {
            switch (token) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                case PROPERTY_NAME -> {
                    if (!storable(parser.currentName())) {
                        return false;
                    }
                }
                case VALUE_STRING -> {
                    if (!storable(parser.getString())) {
                        return false;
                    }
                }
                default -> { }
            }
            if (depth == 0) {
                return true;
            }
            token = parser.nextToken();
        }
    }

    private static boolean storable(String text) {
        return PlcLineParser.firstUnstorable(text) < 0;
    }
}
