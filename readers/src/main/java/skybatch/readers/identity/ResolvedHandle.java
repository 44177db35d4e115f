package skybatch.readers.identity;

import skybatch.readers.syntax.Did;

/** The DID a handle resolved to, and where that answer came from (DNS or HTTP). */
public record ResolvedHandle(Did did, Source source) {}
