package skybatch.readers.mst;

import java.util.LinkedHashMap;
import java.util.Map;
import skybatch.readers.cbor.DagCborDecoder;
import skybatch.readers.cbor.DagCborEncoder;
import skybatch.readers.cbor.DataModelException;
import skybatch.readers.cid.Cid;

/**
 * A repository's signed commit: {@code {did, version, data, rev, prev, sig}}. Version 3 is current; version 2
 * (2023) has the same shape, {@code rev} being optional there. The signature covers the commit's canonical
 * DAG-CBOR without the {@code sig} field, kept here as {@link #unsignedBytes()}.
 *
 * @param data root CID of the repository's MST
 * @param rev revision TID, or null in a version 2 commit without one
 * @param prev previous commit CID, or null (virtually always null in version 3)
 */
public record Commit(String did, long version, Cid data, String rev, Cid prev, byte[] sig, byte[] unsignedBytes) {

    public static Commit decode(byte[] bytes) {
        Map<String, Object> map;
        try {
            map = DagCborDecoder.decodeMap(bytes);
        } catch (DataModelException e) {
            throw new RepositoryException("commit is not valid DAG-CBOR: " + e.getMessage(), e);
        }
        if (!(map.get("did") instanceof String did)) {
            throw new RepositoryException("commit has no string 'did'");
        }
        if (!(map.get("version") instanceof Long version) || (version != 2 && version != 3)) {
            throw new RepositoryException("unsupported commit version " + map.get("version"));
        }
        if (!(map.get("data") instanceof Cid data)) {
            throw new RepositoryException("commit has no 'data' link");
        }
        Object rev = map.get("rev");
        if (!(rev instanceof String || (rev == null && version == 2))) {
            throw new RepositoryException("commit 'rev' must be a string");
        }
        Object prev = map.get("prev");
        if (prev != null && !(prev instanceof Cid)) {
            throw new RepositoryException("commit 'prev' must be a link or null");
        }
        if (!(map.get("sig") instanceof byte[] sig)) {
            throw new RepositoryException("commit has no 'sig' bytes");
        }
        Map<String, Object> unsigned = new LinkedHashMap<>(map);
        unsigned.remove("sig");
        return new Commit(did, version, data, (String) rev, (Cid) prev, sig, DagCborEncoder.encode(unsigned));
    }

    @Override
    public byte[] sig() {
        return sig.clone();
    }

    @Override
    public byte[] unsignedBytes() {
        return unsignedBytes.clone();
    }
}
