package skybatch.readers.plc;

import java.util.ArrayList;
import java.util.List;
import skybatch.readers.did.DidDocument;
import skybatch.readers.syntax.Did;

/** The parts of the DID document a PLC operation gives, as both of {@link PlcLineParser}'s paths build them. */
final class PlcDocuments {

    private static final String DID_KEY_PREFIX = "did:key:";

    private PlcDocuments() {}

    /** The genesis format of 2022: one handle, one PDS, one signing key. */
    static DidDocument legacyCreate(Did did, String handle, String service, String signingKey) {
        List<DidDocument.VerificationMethod> methods = new ArrayList<>(1);
        method(did, DidDocument.ATPROTO_KEY, signingKey, methods);
        return new DidDocument(did, List.of("at://" + handle), methods,
                List.of(service(DidDocument.ATPROTO_PDS, DidDocument.PDS_TYPE, service)));
    }

    /** A key that is not a did:key cannot be expressed as a Multikey method, so the document leaves it out. */
    static void method(Did did, String name, String key, List<DidDocument.VerificationMethod> into) {
        if (key.startsWith(DID_KEY_PREFIX)) {
            into.add(new DidDocument.VerificationMethod(did.value() + "#" + name, "Multikey", did.value(),
                    key.substring(DID_KEY_PREFIX.length())));
        }
    }

    /** The operation's service {@code name}, as the document's {@code #name}. */
    static DidDocument.Service service(String name, String type, String endpoint) {
        return new DidDocument.Service("#" + name, type, endpoint);
    }
}
