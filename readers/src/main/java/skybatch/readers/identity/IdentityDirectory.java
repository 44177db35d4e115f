package skybatch.readers.identity;

import java.util.concurrent.CompletableFuture;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;

/**
 * Verified identities, by handle or by DID. The futures complete normally, failures included: those are in the
 * {@link Identity} (only a bug fails a future). Caching and metrics are implementations that wrap another
 * directory.
 */
public interface IdentityDirectory {

    /** Resolves the handle to a DID, fetches that DID's document, and verifies that the document claims the handle. */
    CompletableFuture<Identity> lookupHandle(Handle handle);

    /** Fetches the DID's document, and verifies that the handle it claims resolves back to the DID. */
    CompletableFuture<Identity> lookupDid(Did did);
}
