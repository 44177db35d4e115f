package skybatch.readers.identity;

import java.util.Optional;
import skybatch.readers.did.DidDocument;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;

/**
 * What a lookup found: as much of the DID, the handle and the DID document as it got, where the handle's DID and
 * the document came from, and the failure that stopped it, if any. An identity is verified when nothing failed:
 * the document claims the handle and the handle resolves to the DID.
 */
public record Identity(Optional<Did> did, Optional<Handle> handle, Optional<DidDocument> document,
        Optional<Source> handleSource, Optional<Source> documentSource, Optional<Failure> failure) {

    public static Identity ofHandle(Handle handle) {
        return new Identity(Optional.empty(), Optional.of(handle), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    public static Identity ofDid(Did did) {
        return new Identity(Optional.of(did), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    public boolean verified() {
        return failure.isEmpty();
    }

    public Optional<String> pds() {
        return document.flatMap(DidDocument::pdsEndpoint);
    }

    public Optional<String> signingKey() {
        return document.flatMap(DidDocument::signingKey);
    }

    public Identity withHandle(Handle handle) {
        return new Identity(did, Optional.of(handle), document, handleSource, documentSource, failure);
    }

    public Identity withDid(Did did) {
        return new Identity(Optional.of(did), handle, document, handleSource, documentSource, failure);
    }

    public Identity withHandleSource(Source source) {
        return new Identity(did, handle, document, Optional.of(source), documentSource, failure);
    }

    public Identity withDocument(ResolvedDocument resolved) {
        return new Identity(did, handle, Optional.of(resolved.document()), handleSource,
                Optional.of(resolved.source()), failure);
    }

    public Identity withFailure(Failure failure) {
        return new Identity(did, handle, document, handleSource, documentSource, Optional.of(failure));
    }
}
