package skybatch.readers.identity;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import skybatch.readers.did.DidDocument;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;

/**
 * Verifies identities both ways with a {@link HandleResolver} and a {@link DidDocumentSource}: the handle must
 * resolve to the DID, and the DID's document must claim the handle.
 */
public final class BasicDirectory implements IdentityDirectory {

    private final HandleResolver handles;
    private final DidDocumentSource documents;

    public BasicDirectory(HandleResolver handles, DidDocumentSource documents) {
        this.handles = handles;
        this.documents = documents;
    }

    @Override
    public CompletableFuture<Identity> lookupHandle(Handle handle) {
        Identity start = Identity.ofHandle(handle);
        if (!handle.hasAllowedTld()) {
            return CompletableFuture.completedFuture(start.withFailure(reservedTld(handle)));
        }
        return handles.resolve(handle)
                .thenCompose(resolved -> fetchDocument(
                        start.withDid(resolved.did()).withHandleSource(resolved.source()), resolved.did()))
                .thenApply(identity -> identity.verified() ? checkClaim(identity, handle) : identity)
                .exceptionally(error -> start.withFailure(ResolutionException.failureOf(error)));
    }

    @Override
    public CompletableFuture<Identity> lookupDid(Did did) {
        return fetchDocument(Identity.ofDid(did), did).thenCompose(identity -> {
            if (!identity.verified()) {
                return CompletableFuture.completedFuture(identity);
            }
            Optional<Handle> claimed = identity.document().flatMap(DidDocument::claimedHandle);
            if (claimed.isEmpty()) {
                return CompletableFuture.completedFuture(identity.withFailure(new Failure(Reason.HANDLE_NOT_CLAIMED,
                        identity.documentSource().orElseThrow(), "the document claims no valid handle")));
            }
            return resolvesBack(identity.withHandle(claimed.get()), claimed.get(), did);
        });
    }

    private CompletableFuture<Identity> fetchDocument(Identity identity, Did did) {
        return documents.fetch(did)
                .thenApply(identity::withDocument)
                .exceptionally(error -> identity.withFailure(ResolutionException.failureOf(error)));
    }

    private CompletableFuture<Identity> resolvesBack(Identity identity, Handle handle, Did did) {
        if (!handle.hasAllowedTld()) {
            return CompletableFuture.completedFuture(identity.withFailure(reservedTld(handle)));
        }
        return handles.resolve(handle)
                .thenApply(resolved -> {
                    Identity withSource = identity.withHandleSource(resolved.source());
                    if (resolved.did().equals(did)) {
                        return withSource;
                    }
                    return withSource.withFailure(new Failure(Reason.WRONG_DID, resolved.source(),
                            handle + " resolves to " + resolved.did() + ", not " + did));
                })
                .exceptionally(error -> identity.withFailure(ResolutionException.failureOf(error)));
    }

    private static Identity checkClaim(Identity identity, Handle handle) {
        Optional<Handle> claimed = identity.document().flatMap(DidDocument::claimedHandle);
        if (claimed.filter(handle::equals).isPresent()) {
            return identity;
        }
        return identity.withFailure(new Failure(Reason.HANDLE_NOT_CLAIMED, identity.documentSource().orElseThrow(),
                "the document claims " + claimed.map(Handle::value).orElse("no valid handle") + ", not " + handle));
    }

    private static Failure reservedTld(Handle handle) {
        return new Failure(Reason.INVALID_HANDLE, Source.INPUT, "reserved top-level domain: " + handle);
    }
}
