package skybatch.readers.identity.dns;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import skybatch.readers.identity.Failure;
import skybatch.readers.identity.HandleResolver;
import skybatch.readers.identity.Reason;
import skybatch.readers.identity.ResolutionException;
import skybatch.readers.identity.ResolvedHandle;
import skybatch.readers.identity.Source;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;

/**
 * Reads a handle's DID from the TXT record {@code _atproto.<handle>}: exactly one value starting {@code did=} must
 * be there. TXT values without that prefix are ignored, as the spec says.
 */
public final class DnsHandleResolver implements HandleResolver {

    private static final String PREFIX = "did=";

    private final DnsClient dns;

    public DnsHandleResolver(DnsClient dns) {
        this.dns = dns;
    }

    @Override
    public CompletableFuture<ResolvedHandle> resolve(Handle handle) {
        return dns.txt("_atproto." + handle.value()).thenApply(values -> fromRecords(handle, values));
    }

    private static ResolvedHandle fromRecords(Handle handle, List<String> values) {
        List<String> dids = values.stream()
                .filter(value -> value.startsWith(PREFIX))
                .map(value -> value.substring(PREFIX.length()))
                .toList();
        if (dids.isEmpty()) {
            throw failure(Reason.NOT_FOUND, "no did= TXT record for " + handle);
        }
        if (dids.size() > 1) {
            throw failure(Reason.SEVERAL_RECORDS, dids.size() + " did= TXT records for " + handle);
        }
        return Did.tryParse(dids.get(0))
                .map(did -> new ResolvedHandle(did, Source.DNS))
                .orElseThrow(() -> failure(Reason.INVALID_DID, "TXT record of " + handle + " is not a DID"));
    }

    private static ResolutionException failure(Reason reason, String detail) {
        return new ResolutionException(new Failure(reason, Source.DNS, detail));
    }
}
