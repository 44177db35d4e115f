package skybatch.readers.identity.http;

import skybatch.readers.did.DidDocument;
import skybatch.readers.did.InvalidDidDocumentException;
import skybatch.readers.identity.Failure;
import skybatch.readers.identity.Reason;
import skybatch.readers.identity.ResolutionException;
import skybatch.readers.identity.ResolvedDocument;
import skybatch.readers.identity.Source;
import skybatch.readers.syntax.Did;

/** Reads a fetched DID document, which must be the document of the DID asked for. */
final class DocumentBodies {

    /** DID documents are a few kilobytes; this leaves room for many services and keys. */
    static final int MAX_BYTES = 64 * 1024;

    private DocumentBodies() {}

    static ResolvedDocument read(String body, Did did, Source source) {
        DidDocument document;
        try {
            document = DidDocument.parse(body);
        } catch (InvalidDidDocumentException e) {
            throw invalid(source, e.getMessage() + " (for " + did + ")");
        }
        if (!document.id().equals(did)) {
            throw invalid(source, "the document of " + document.id() + " was served for " + did);
        }
        return new ResolvedDocument(document, source);
    }

    private static ResolutionException invalid(Source source, String detail) {
        return new ResolutionException(new Failure(Reason.INVALID_DOCUMENT, source, detail));
    }
}
