package skybatch.readers.identity;

import java.util.concurrent.CompletableFuture;
import skybatch.readers.syntax.Did;

/** DID to DID document: the PLC directory, did:web hosts, or a store of documents fetched before. */
public interface DidDocumentSource {

    /** Completes with the document, or fails with a {@link ResolutionException}. */
    CompletableFuture<ResolvedDocument> fetch(Did did);

    /**
     * Asks {@code fallback} when this source does not know the DID ({@link Reason#NOT_FOUND}): a store of documents
     * first, the network after. Other failures are this source's answer.
     */
    default DidDocumentSource orElse(DidDocumentSource fallback) {
        return did -> fetch(did)
                .handle((found, error) -> {
                    if (error != null && ResolutionException.failureOf(error).reason() == Reason.NOT_FOUND) {
                        return fallback.fetch(did);
                    }
                    return error == null ? CompletableFuture.completedFuture(found)
                            : CompletableFuture.<ResolvedDocument>failedFuture(ResolutionException.unwrap(error));
                })
                .thenCompose(next -> next);
    }
}
