package skybatch.readers.identity;

/** Where an answer, or a failure, came from. */
public enum Source {
    /** The identifier itself, checked before any request. */
    INPUT,
    /** A DNS TXT record {@code _atproto.<handle>}. */
    DNS,
    /** The HTTPS well-known {@code https://<handle>/.well-known/atproto-did}. */
    HTTP,
    /** The PLC directory. */
    PLC,
    /** A did:web host's {@code /.well-known/did.json}. */
    WEB,
    /** A store of earlier answers, such as the database. */
    CACHE
}
