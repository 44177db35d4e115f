package skybatch.readers.crypto;

import tools.jackson.databind.JsonNode;

/** Finds an account's atproto signing key in its DID document. */
public final class DidDocumentKeys {

    private static final String ATPROTO_FRAGMENT = "#atproto";

    private DidDocumentKeys() {}

    /**
     * The key of the verification method whose id is {@code #atproto} (alone or after the DID). Current documents
     * use type {@code Multikey}; older ones name the curve in the type and hold the bare point.
     *
     * @throws InvalidPublicKeyException if there is no such method or its key cannot be read
     */
    public static PublicKey atprotoSigningKey(JsonNode didDocument) {
        for (JsonNode method : didDocument.path("verificationMethod").values()) {
            if (!method.path("id").asString("").endsWith(ATPROTO_FRAGMENT)) {
                continue;
            }
            String type = method.path("type").asString("");
            String multibase = method.path("publicKeyMultibase").asString("");
            switch (type) {
                case "Multikey":
                    return PublicKey.fromMultikey(multibase);
                case "EcdsaSecp256k1VerificationKey2019":
                    return PublicKey.fromLegacyMultibase(Curve.K256, multibase);
                case "EcdsaSecp256r1VerificationKey2019":
                    return PublicKey.fromLegacyMultibase(Curve.P256, multibase);
                default:
                    throw new InvalidPublicKeyException("unsupported verification method type " + type);
            }
        }
        throw new InvalidPublicKeyException("DID document has no #atproto verification method");
    }
}
