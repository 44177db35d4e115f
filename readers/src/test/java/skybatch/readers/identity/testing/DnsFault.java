package skybatch.readers.identity.testing;

/** What the fixture's DNS server does instead of answering a name. */
public enum DnsFault {
    /** No answer at all. */
    TIMEOUT,
    NXDOMAIN,
    SERVFAIL
}
