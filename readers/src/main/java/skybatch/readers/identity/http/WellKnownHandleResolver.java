package skybatch.readers.identity.http;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import skybatch.readers.identity.Failure;
import skybatch.readers.identity.HandleResolver;
import skybatch.readers.identity.Reason;
import skybatch.readers.identity.ResolutionException;
import skybatch.readers.identity.ResolvedHandle;
import skybatch.readers.identity.Source;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;

/** Reads a handle's DID from {@code https://<handle>/.well-known/atproto-did}: the trimmed body must be a DID. */
public final class WellKnownHandleResolver implements HandleResolver {

    /** The spec's limit for this file, which holds one DID. */
    static final int MAX_BYTES = 2 * 1024;

    private final HttpFetcher http;

    public WellKnownHandleResolver(HttpFetcher http) {
        this.http = http;
    }

    @Override
    public CompletableFuture<ResolvedHandle> resolve(Handle handle) {
        return http.get(http.uri(handle.value(), Optional.empty(), "/.well-known/atproto-did"), MAX_BYTES, Source.HTTP)
                .thenApply(body -> Did.tryParse(body.trim())
                        .map(did -> new ResolvedHandle(did, Source.HTTP))
                        .orElseThrow(() -> new ResolutionException(new Failure(Reason.INVALID_DID, Source.HTTP,
                                "well-known of " + handle + " is not a DID"))));
    }
}
