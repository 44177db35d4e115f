package skybatch.writers.record;

/** The parts of an {@code at://host/collection/rkey} URI that the indexing rules compare. */
final class AtUris {

    private static final String SCHEME = "at://";

    private AtUris() {}

    /** The authority (a DID, or a handle), or null if {@code uri} is not an at:// URI. */
    static String host(String uri) {
        if (!uri.startsWith(SCHEME)) {
            return null;
        }
        int end = uri.indexOf('/', SCHEME.length());
        return uri.substring(SCHEME.length(), end < 0 ? uri.length() : end);
    }

    /** The collection, or null if {@code uri} names none. */
    static String collection(String uri) {
        String[] parts = parts(uri);
        return parts.length >= 2 ? parts[1] : null;
    }

    /** The record key, or null if {@code uri} does not name a record. */
    static String rkey(String uri) {
        String[] parts = parts(uri);
        return parts.length == 3 ? parts[2] : null;
    }

    private static String[] parts(String uri) {
        return uri.startsWith(SCHEME) ? uri.substring(SCHEME.length()).split("/", -1) : new String[0];
    }
}
