package skybatch.readers.plc;

import java.time.Instant;
import java.util.Optional;
import skybatch.readers.did.DidDocument;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;

/**
 * One operation of the PLC export, reduced to the state it gives its DID.
 *
 * @param document the DID document after the operation; {@code null} for a tombstone
 * @param documentJson the document's JSON form, made once by the parser (on the reader's thread, where it costs
 *     the writer nothing); {@code null} for a tombstone
 * @param seq the export sequence number of the sequenced format, {@code null} in the legacy format
 */
public record PlcOperation(Did did, String cid, Instant createdAt, boolean nullified, Long seq,
        DidDocument document, String documentJson) {

    public PlcOperation(Did did, String cid, Instant createdAt, boolean nullified, Long seq, DidDocument document) {
        this(did, cid, createdAt, nullified, seq, document, document == null ? null : document.toJson());
    }

    public boolean tombstoned() {
        return document == null;
    }

    public Optional<Handle> claimedHandle() {
        return tombstoned() ? Optional.empty() : document.claimedHandle();
    }

    public Optional<String> pdsEndpoint() {
        return tombstoned() ? Optional.empty() : document.pdsEndpoint();
    }

    public Optional<String> signingKey() {
        return tombstoned() ? Optional.empty() : document.signingKey();
    }

    /** The value of {@code after} that asks the export for the operations following this one. */
    public String cursor() {
        return seq != null ? seq.toString() : createdAt.toString();
    }
}
