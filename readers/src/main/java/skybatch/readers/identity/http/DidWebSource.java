package skybatch.readers.identity.http;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import skybatch.readers.identity.DidDocumentSource;
import skybatch.readers.identity.Failure;
import skybatch.readers.identity.Reason;
import skybatch.readers.identity.ResolutionException;
import skybatch.readers.identity.ResolvedDocument;
import skybatch.readers.identity.Source;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;

/**
 * did:web documents from {@code https://<host>/.well-known/did.json}. atproto uses host-level did:web only: the
 * identifier is a host name, optionally with a port written {@code %3A<port>}; paths are not supported.
 */
public final class DidWebSource implements DidDocumentSource {

    private static final Pattern HOST_AND_PORT = Pattern.compile("^did:web:([^:%]+)(?:%3[aA]([0-9]{1,5}))?$");

    private final HttpFetcher http;

    public DidWebSource(HttpFetcher http) {
        this.http = http;
    }

    @Override
    public CompletableFuture<ResolvedDocument> fetch(Did did) {
        Matcher matcher = HOST_AND_PORT.matcher(did.value());
        // A host name has the syntax of a handle; that also keeps IP literals and single labels out.
        Optional<Handle> host = matcher.matches() ? Handle.tryParse(matcher.group(1)) : Optional.empty();
        Optional<Integer> port = host.isPresent() && matcher.group(2) != null
                ? Optional.of(Integer.parseInt(matcher.group(2))) : Optional.empty();
        if (host.isEmpty() || port.filter(p -> p < 1 || p > 65535).isPresent()) {
            return CompletableFuture.failedFuture(new ResolutionException(new Failure(
                    Reason.UNSUPPORTED_DID_METHOD, Source.INPUT, "not a host-level did:web: " + did)));
        }
        return http.get(http.uri(host.get().value(), port, "/.well-known/did.json"), DocumentBodies.MAX_BYTES,
                        Source.WEB)
                .thenApply(body -> DocumentBodies.read(body, did, Source.WEB));
    }
}
