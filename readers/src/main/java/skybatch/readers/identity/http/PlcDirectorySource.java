package skybatch.readers.identity.http;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import skybatch.readers.identity.DidDocumentSource;
import skybatch.readers.identity.Failure;
import skybatch.readers.identity.Reason;
import skybatch.readers.identity.ResolutionException;
import skybatch.readers.identity.ResolvedDocument;
import skybatch.readers.identity.Source;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.InvalidSyntaxException;

/**
 * did:plc documents from a PLC directory, {@code GET {plcUrl}/{did}}: 404 is {@link Reason#NOT_FOUND}, 410 (a
 * tombstoned DID) {@link Reason#TOMBSTONED}.
 */
public final class PlcDirectorySource implements DidDocumentSource {

    private final HttpFetcher http;
    private final String directory;

    public PlcDirectorySource(HttpFetcher http, URI plcUrl) {
        this.http = http;
        String url = plcUrl.toString();
        this.directory = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public CompletableFuture<ResolvedDocument> fetch(Did did) {
        try {
            Did.parsePlc(did.value());
        } catch (InvalidSyntaxException e) {
            return CompletableFuture.failedFuture(
                    new ResolutionException(new Failure(Reason.INVALID_DID, Source.INPUT, e.getMessage())));
        }
        return http.get(URI.create(directory + "/" + did.value()), DocumentBodies.MAX_BYTES, Source.PLC)
                .thenApply(body -> DocumentBodies.read(body, did, Source.PLC));
    }
}
