package skybatch.readers.plc;

import java.time.Instant;
import skybatch.readers.did.DidDocument;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;

/**
 * One operation of the PLC export, reduced to the state it gives its DID: the DID document as JSON and the three
 * values atproto reads from it. They are taken from the document once, by the parser (on the reader's thread, where
 * it costs the writer nothing), and the document itself is not kept: a chunk holds tens of thousands of operations
 * through the collector's copies, and with its document each one held about 1,800 bytes, without it 1,150.
 *
 * @param seq the export sequence number of the sequenced format, {@code null} in the legacy format
 * @param documentJson the DID document after the operation, as JSON; {@code null} for a tombstone
 * @param claimedHandle the handle the document claims ({@link DidDocument#claimedHandle}), or {@code null}
 * @param pdsEndpoint the document's atproto PDS ({@link DidDocument#pdsEndpoint}), or {@code null}
 * @param signingKey the document's atproto signing key as a did:key ({@link DidDocument#signingKey}), or {@code null}
 */
public record PlcOperation(Did did, String cid, Instant createdAt, boolean nullified, Long seq, String documentJson,
        Handle claimedHandle, String pdsEndpoint, String signingKey) {

    /** @param document the DID document after the operation; {@code null} for a tombstone */
    public PlcOperation(Did did, String cid, Instant createdAt, boolean nullified, Long seq, DidDocument document) {
        this(did, cid, createdAt, nullified, seq, document == null ? null : document.toJson(),
                document == null ? null : document.claimedHandle().orElse(null),
                document == null ? null : document.pdsEndpoint().orElse(null),
                document == null ? null : document.signingKey().orElse(null));
    }

    public boolean tombstoned() {
        return documentJson == null;
    }

    /** The value of {@code after} that asks the export for the operations following this one. */
    public String cursor() {
        return seq != null ? seq.toString() : createdAt.toString();
    }
}
