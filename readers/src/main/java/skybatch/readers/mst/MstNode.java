package skybatch.readers.mst;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import skybatch.readers.cbor.DagCborDecoder;
import skybatch.readers.cbor.DagCborEncoder;
import skybatch.readers.cbor.DataModelException;
import skybatch.readers.cid.Cid;

/**
 * One MST node and its DAG-CBOR form {@code {l: cid|null, e: [{p, k, v, t}...]}}: {@code l} is the subtree left of
 * the first entry; each entry's key is the first {@code p} bytes of the previous entry's key (in this node)
 * followed by the bytes {@code k}; {@code v} is the value and {@code t} the subtree right of the entry.
 *
 * @param left subtree before the first entry, or null
 * @param entries entries in key order, with full keys
 */
record MstNode(Cid left, List<Entry> entries) {

    /** An entry with its full key, value and right-hand subtree (null if none). */
    record Entry(String key, Cid value, Cid right) {}

    /** The subtree just before entry {@code index}; {@code index == entries().size()} gives the last one. */
    Cid subtreeBefore(int index) {
        return index == 0 ? left : entries.get(index - 1).right();
    }

    static MstNode decode(byte[] bytes) {
        Map<String, Object> node;
        try {
            node = DagCborDecoder.decodeMap(bytes);
        } catch (DataModelException e) {
            throw new RepositoryException("MST node is not valid DAG-CBOR: " + e.getMessage(), e);
        }
        Cid left = optionalLink(node, "l");
        if (!(node.get("e") instanceof List<?> rawEntries)) {
            throw new RepositoryException("MST node has no entry list 'e'");
        }
        List<Entry> entries = new ArrayList<>(rawEntries.size());
        byte[] previousKey = new byte[0];
        for (Object raw : rawEntries) {
            if (!(raw instanceof Map<?, ?> entry)) {
                throw new RepositoryException("MST entry is not a map");
            }
            byte[] key = expandKey(entry, previousKey);
            if (!(entry.get("v") instanceof Cid value)) {
                throw new RepositoryException("MST entry has no value link 'v'");
            }
            entries.add(new Entry(new String(key, StandardCharsets.US_ASCII), value, optionalLink(entry, "t")));
            previousKey = key;
        }
        return new MstNode(left, entries);
    }

    byte[] encode() {
        List<Object> encodedEntries = new ArrayList<>(entries.size());
        byte[] previousKey = new byte[0];
        for (Entry entry : entries) {
            byte[] key = entry.key().getBytes(StandardCharsets.US_ASCII);
            int prefix = MstKeys.commonPrefixLength(previousKey, key);
            Map<String, Object> encoded = new LinkedHashMap<>();
            encoded.put("p", (long) prefix);
            encoded.put("k", Arrays.copyOfRange(key, prefix, key.length));
            encoded.put("v", entry.value());
            encoded.put("t", entry.right());
            encodedEntries.add(encoded);
            previousKey = key;
        }
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("l", left);
        node.put("e", encodedEntries);
        return DagCborEncoder.encode(node);
    }

    private static byte[] expandKey(Map<?, ?> entry, byte[] previousKey) {
        if (!(entry.get("p") instanceof Long prefix) || prefix < 0 || prefix > previousKey.length) {
            throw new RepositoryException("MST entry prefix length 'p' is missing or longer than the previous key");
        }
        if (!(entry.get("k") instanceof byte[] suffix)) {
            throw new RepositoryException("MST entry has no key suffix bytes 'k'");
        }
        byte[] key = Arrays.copyOf(previousKey, prefix.intValue() + suffix.length);
        System.arraycopy(suffix, 0, key, prefix.intValue(), suffix.length);
        for (byte b : key) {
            if (b < 0x20 || b > 0x7e) {
                throw new RepositoryException("MST key has a byte outside printable ASCII: " + (b & 0xff));
            }
        }
        return key;
    }

    private static Cid optionalLink(Map<?, ?> map, String field) {
        Object value = map.get(field);
        if (value != null && !(value instanceof Cid)) {
            throw new RepositoryException("MST field '" + field + "' is neither a link nor null");
        }
        return (Cid) value;
    }
}
