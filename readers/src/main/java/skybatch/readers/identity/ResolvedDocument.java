package skybatch.readers.identity;

import skybatch.readers.did.DidDocument;

/** A DID document and where it came from (PLC, WEB, CACHE). */
public record ResolvedDocument(DidDocument document, Source source) {}
