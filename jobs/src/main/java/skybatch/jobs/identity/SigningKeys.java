package skybatch.jobs.identity;

import skybatch.readers.crypto.DidDocumentKeys;
import skybatch.readers.crypto.InvalidPublicKeyException;
import skybatch.readers.crypto.PublicKey;
import skybatch.writers.actor.StoredIdentities;
import skybatch.writers.actor.StoredIdentity;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The atproto signing key a DID's stored identity names: the key the PLC import stored, else the {@code #atproto}
 * method of its document in {@code did_cache} (did:web too).
 */
public final class SigningKeys {

    private final StoredIdentities identities;

    public SigningKeys(StoredIdentities identities) {
        this.identities = identities;
    }

    /**
     * @throws UnknownKeyException if no stored identity names a usable key
     */
    public PublicKey of(String did) {
        StoredIdentity found = identities.find(did).orElseThrow(() -> unknown(did));
        try {
            if (found.signingKey() != null) {
                return PublicKey.fromDidKey(found.signingKey());
            }
            if (found.document() != null) {
                return DidDocumentKeys.atprotoSigningKey(JsonMapper.shared().readTree(found.document()));
            }
        } catch (InvalidPublicKeyException | JacksonException e) {
            throw new UnknownKeyException("the signing key of " + did + " cannot be read: " + e.getMessage());
        }
        throw unknown(did);
    }

    private static UnknownKeyException unknown(String did) {
        return new UnknownKeyException("no signing key known for " + did
                + ": import the PLC directory first, or backfill with --no-verify-signatures");
    }

    /** No usable key: the repository cannot be verified. */
    public static final class UnknownKeyException extends RuntimeException {
        UnknownKeyException(String message) {
            super(message);
        }
    }
}
