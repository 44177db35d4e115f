package skybatch.writers.actor;

/**
 * What skybatch holds about a DID: what the PLC import stored ({@code skybatch.actor_identity}) and its document in
 * the dataplane's {@code did_cache} (did:web documents too).
 *
 * @param imported whether the PLC import has a row for the DID
 * @param pdsEndpoint the PDS the import stored, or null
 * @param signingKey the {@code did:key} of its atproto signing key the import stored, or null
 * @param tombstoned whether the PLC directory tombstoned the DID
 * @param document its DID document's JSON from {@code did_cache}, or null
 */
public record StoredIdentity(String did, boolean imported, String pdsEndpoint, String signingKey,
        boolean tombstoned, String document) {}
