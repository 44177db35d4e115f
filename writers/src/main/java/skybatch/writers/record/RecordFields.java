package skybatch.writers.record;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import skybatch.readers.cid.Cid;
import skybatch.readers.syntax.Datetime;

/**
 * Typed access to a decoded record (or one of its objects) that raises {@link InvalidRecordException}, naming the
 * field, when a field the lexicon requires is absent or a field has the wrong type.
 */
final class RecordFields {

    /** A {@code com.atproto.repo.strongRef}: a record's URI and the CID of the version meant. */
    record StrongRef(String uri, String cid) {}

    private final Map<String, Object> value;
    private final String path;

    RecordFields(Map<String, Object> value, String path) {
        this.value = value;
        this.path = path;
    }

    String string(String name) {
        String text = optionalString(name);
        if (text == null) {
            throw missing(name, "a string");
        }
        return text;
    }

    String optionalString(String name) {
        Object field = value.get(name);
        if (field == null || field instanceof String) {
            return withoutNul(name, (String) field);
        }
        throw wrongType(name, "a string");
    }

    /**
     * PostgreSQL's text and jsonb cannot hold U+0000: the app-view's insert of such a field fails, and it indexes
     * nothing of the record. So it is invalid here too (and quarantined), rather than failing the whole chunk.
     */
    private String withoutNul(String name, String text) {
        if (text != null && text.indexOf('\0') >= 0) {
            throw new InvalidRecordException(path + "." + name + " contains U+0000 at index " + text.indexOf('\0'));
        }
        return text;
    }

    RecordFields object(String name) {
        RecordFields object = optionalObject(name);
        if (object == null) {
            throw missing(name, "an object");
        }
        return object;
    }

    @SuppressWarnings("unchecked")
    RecordFields optionalObject(String name) {
        Object field = value.get(name);
        if (field == null) {
            return null;
        }
        if (field instanceof Map<?, ?> map) {
            return new RecordFields((Map<String, Object>) map, path + "." + name);
        }
        throw wrongType(name, "an object");
    }

    List<?> list(String name) {
        List<?> list = optionalList(name);
        if (list == null) {
            throw missing(name, "an array");
        }
        return list;
    }

    List<?> optionalList(String name) {
        Object field = value.get(name);
        if (field == null) {
            return null;
        }
        if (field instanceof List<?> list) {
            list.forEach(element -> withoutNul(name, element instanceof String text ? text : null));
            return list;
        }
        throw wrongType(name, "an array");
    }

    /** The array's objects; anything else in it is invalid. */
    @SuppressWarnings("unchecked")
    List<RecordFields> objects(String name) {
        List<?> list = list(name);
        return IntStream.range(0, list.size()).mapToObj(i -> {
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                throw new InvalidRecordException(path + "." + name + "[" + i + "] must be an object");
            }
            return new RecordFields((Map<String, Object>) map, path + "." + name + "[" + i + "]");
        }).toList();
    }

    /** A required datetime, normalized as the app-view stores it. */
    String datetime(String name) {
        return Datetime.normalize(string(name));
    }

    StrongRef strongRef(String name) {
        RecordFields ref = object(name);
        return new StrongRef(ref.string("uri"), ref.string("cid"));
    }

    StrongRef optionalStrongRef(String name) {
        return value.get(name) == null ? null : strongRef(name);
    }

    /** The CID of a blob: {@code {$type: blob, ref: <link>}}, or the legacy {@code {cid: "..."}}. */
    String blobCid(String name) {
        String cid = optionalBlobCid(name);
        if (cid == null) {
            throw missing(name, "a blob");
        }
        return cid;
    }

    String optionalBlobCid(String name) {
        RecordFields blob = optionalObject(name);
        if (blob == null) {
            return null;
        }
        if ("blob".equals(blob.value.get("$type"))) {
            if (blob.value.get("ref") instanceof Cid ref) {
                return ref.toString();
            }
            throw new InvalidRecordException(path + "." + name + ".ref must be a link");
        }
        return blob.string("cid");
    }

    /** The {@code $type} of a union member. */
    String type() {
        return optionalString("$type");
    }

    private InvalidRecordException missing(String name, String what) {
        return new InvalidRecordException(path + "." + name + " is required: " + what);
    }

    private InvalidRecordException wrongType(String name, String what) {
        return new InvalidRecordException(path + "." + name + " must be " + what);
    }
}
