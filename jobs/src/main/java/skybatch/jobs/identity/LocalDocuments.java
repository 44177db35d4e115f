package skybatch.jobs.identity;

import java.util.concurrent.CompletableFuture;
import skybatch.readers.did.DidDocument;
import skybatch.readers.identity.DidDocumentSource;
import skybatch.readers.identity.Failure;
import skybatch.readers.identity.Reason;
import skybatch.readers.identity.ResolutionException;
import skybatch.readers.identity.ResolvedDocument;
import skybatch.readers.identity.Source;
import skybatch.readers.syntax.Did;
import skybatch.writers.actor.StoredIdentities;
import skybatch.writers.actor.StoredIdentity;

/**
 * did:plc documents as the PLC import stored them: {@code did_cache} for live DIDs, {@code actor_identity} to know
 * a tombstone. A DID the import has not seen is NOT_FOUND here, so that {@code orElse} asks the network. The
 * lookup ({@link StoredIdentities}) is made on the caller's thread.
 */
public class LocalDocuments implements DidDocumentSource {

    private final StoredIdentities identities;

    public LocalDocuments(StoredIdentities identities) {
        this.identities = identities;
    }

    @Override
    public CompletableFuture<ResolvedDocument> fetch(Did did) {
        if (!did.isPlc()) {
            return failed(Reason.NOT_FOUND, "not a did:plc");
        }
        StoredIdentity stored = identities.find(did.value()).orElse(null);
        if (stored == null || !stored.imported()) {
            return failed(Reason.NOT_FOUND, did + " is not in actor_identity");
        }
        if (stored.tombstoned()) {
            return failed(Reason.TOMBSTONED, did + " is tombstoned in the PLC directory");
        }
        String doc = stored.document();
        if (doc == null) {
            return failed(Reason.NOT_FOUND, did + " has no did_cache row");
        }
        return CompletableFuture.completedFuture(new ResolvedDocument(DidDocument.parse(doc), Source.CACHE));
    }

    private static CompletableFuture<ResolvedDocument> failed(Reason reason, String detail) {
        return CompletableFuture.failedFuture(new ResolutionException(new Failure(reason, Source.CACHE, detail)));
    }
}
