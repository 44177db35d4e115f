package skybatch.readers.identity;

import java.util.concurrent.CompletableFuture;
import skybatch.readers.syntax.Handle;

/** Handle to DID, one way only: nothing here checks that the DID's document claims the handle. */
public interface HandleResolver {

    /** Completes with the DID, or fails with a {@link ResolutionException}. */
    CompletableFuture<ResolvedHandle> resolve(Handle handle);
}
