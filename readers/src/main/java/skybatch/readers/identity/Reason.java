package skybatch.readers.identity;

/**
 * Why a resolution gave no answer. {@link #isTransient()} tells the failures that may go away if asked again later
 * (timeouts, server errors, our own limits) from the definitive ones (no such record, wrong DID...).
 */
public enum Reason {
    /** A handle under a top-level domain that is never resolved (.local, .onion, ...): nothing was asked. */
    INVALID_HANDLE(false),
    /** The DID asked for, or the one a record or well-known answered, is not a syntactically valid DID. */
    INVALID_DID(false),
    /** A DID method other than plc and web, or a did:web with a path, which atproto does not use. */
    UNSUPPORTED_DID_METHOD(false),
    /** NXDOMAIN, no {@code did=} TXT record, no address for a host, HTTP 404 or a DID unknown to the directory. */
    NOT_FOUND(false),
    /** More than one {@code did=} TXT record: the handle's DNS names no single DID. */
    SEVERAL_RECORDS(false),
    /** HTTP 410 Gone, which the PLC directory answers for a tombstoned (deactivated) DID. */
    TOMBSTONED(false),
    /** An HTTP status other than those named here; the detail gives it. */
    HTTP_STATUS(false),
    /** A redirect without location, to another scheme, or one too many. */
    BAD_REDIRECT(false),
    BODY_TOO_LARGE(false),
    /** Not a DID document, or the document of another DID. */
    INVALID_DOCUMENT(false),
    /** The host has a loopback, private, link-local, multicast or unspecified address that is not allowed. */
    BLOCKED_ADDRESS(false),
    /** The handle resolves to another DID than the one whose document claims it. */
    WRONG_DID(false),
    /** The DID document does not claim the handle: it claims another one, or none. */
    HANDLE_NOT_CLAIMED(false),
    TIMEOUT(true),
    /** The DNS server answered SERVFAIL, REFUSED or similar. */
    DNS_SERVER_FAILURE(true),
    /** HTTP 5xx or 408. */
    SERVER_ERROR(true),
    /** HTTP 429 from the host. */
    TOO_MANY_REQUESTS(true),
    /** The connection could not be made, or broke. */
    CONNECTION_FAILED(true),
    /** The host's circuit breaker is open after consecutive transient failures: no request was made. */
    CIRCUIT_OPEN(true),
    /** The host's rate limit would have made the request wait too long: no request was made. */
    RATE_LIMITED(true);

    private final boolean isTransient;

    Reason(boolean isTransient) {
        this.isTransient = isTransient;
    }

    public boolean isTransient() {
        return isTransient;
    }
}
