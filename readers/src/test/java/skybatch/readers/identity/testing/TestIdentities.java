package skybatch.readers.identity.testing;

import java.util.Arrays;
import java.util.List;
import skybatch.readers.did.DidDocument;
import skybatch.readers.syntax.Did;

/** DIDs and DID documents for tests. */
public final class TestIdentities {

    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    public static final String PDS = "https://pds.example.com";
    public static final String KEY = "zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF";

    private TestIdentities() {}

    /** A valid did:plc, different for each number. */
    public static Did plc(long number) {
        char[] identifier = new char[24];
        Arrays.fill(identifier, 'a');
        long rest = number;
        for (int i = identifier.length - 1; rest > 0; i--) {
            identifier[i] = BASE32.charAt((int) (rest % 32));
            rest /= 32;
        }
        return Did.parsePlc("did:plc:" + new String(identifier));
    }

    /** A document with an atproto key and PDS that claims the handles given (the first one counts). */
    public static DidDocument document(Did did, String... handles) {
        return new DidDocument(did, Arrays.stream(handles).map(h -> "at://" + h).toList(),
                List.of(new DidDocument.VerificationMethod(did + "#atproto", "Multikey", did.value(), KEY)),
                List.of(new DidDocument.Service("#atproto_pds", DidDocument.PDS_TYPE, PDS)));
    }
}
