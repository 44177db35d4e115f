package skybatch.readers.identity;

import java.util.concurrent.CompletableFuture;
import skybatch.readers.syntax.Did;

/** Sends did:plc to one source and did:web to another; atproto supports no other DID method. */
public final class ByMethodDidDocumentSource implements DidDocumentSource {

    private final DidDocumentSource plc;
    private final DidDocumentSource web;

    public ByMethodDidDocumentSource(DidDocumentSource plc, DidDocumentSource web) {
        this.plc = plc;
        this.web = web;
    }

    @Override
    public CompletableFuture<ResolvedDocument> fetch(Did did) {
        if (did.isPlc()) {
            return plc.fetch(did);
        }
        if (did.isWeb()) {
            return web.fetch(did);
        }
        return CompletableFuture.failedFuture(new ResolutionException(
                new Failure(Reason.UNSUPPORTED_DID_METHOD, Source.INPUT, "method " + did.method() + " of " + did)));
    }
}
