package skybatch.readers.syntax;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code at://} URI as atproto restricts them: {@code at://AUTHORITY[/COLLECTION[/RKEY]]}, the authority a DID
 * or a handle, the collection an {@link Nsid}, the record key 1 to 512 of {@code A-Za-z0-9._:~-} but not
 * {@code .} or {@code ..}; at most 8 KB, no query or fragment.
 *
 * @param authority a DID or a handle, as written
 * @param collection the collection's NSID, or null
 * @param rkey the record key, or null
 */
public record AtUri(String authority, String collection, String rkey) {

    private static final String SCHEME = "at://";
    private static final int MAX_LENGTH = 8 * 1024;
    private static final Pattern SYNTAX = Pattern.compile(
            "^at://([a-zA-Z0-9._:%-]+)(/([a-zA-Z0-9.-]+)(/([a-zA-Z0-9._:~-]{1,512}))?)?$");
    private static final Pattern RECORD_KEY = Pattern.compile("^[a-zA-Z0-9._:~-]{1,512}$");

    public AtUri {
        if (authority.startsWith("did:") ? Did.tryParse(authority).isEmpty() : Handle.tryParse(authority).isEmpty()) {
            throw new InvalidSyntaxException("AT-URI authority", authority, "neither a DID nor a handle");
        }
        if (collection != null) {
            Nsid.parse(collection);
        } else if (rkey != null) {
            throw new InvalidSyntaxException("AT-URI", SCHEME + authority + "//" + rkey, "a record key needs a collection");
        }
        if (rkey != null && (!RECORD_KEY.matcher(rkey).matches() || rkey.equals(".") || rkey.equals(".."))) {
            throw new InvalidSyntaxException("record key", rkey, "not 1 to 512 of A-Za-z0-9._:~- (nor . or ..)");
        }
    }

    /** The URI of a record of a repository. */
    public static AtUri record(Did did, String collection, String rkey) {
        return new AtUri(did.value(), collection, rkey);
    }

    /** The URI of a record by its repository path {@code collection/rkey}. */
    public static AtUri record(Did did, String path) {
        int slash = path.indexOf('/');
        if (slash < 0) {
            throw new InvalidSyntaxException("record path", path, "not of the form collection/rkey");
        }
        return record(did, path.substring(0, slash), path.substring(slash + 1));
    }

    /**
     * The text of the URI of {@code path} ({@code collection/rkey}) in the repository of {@code did}, as the
     * dataplane keys its records, built without a check: for keys that come from a repository already verified.
     */
    public static String text(String did, String path) {
        return SCHEME + did + "/" + path;
    }

    /** The URI of a repository, {@code at://did}. */
    public static AtUri repository(Did did) {
        return new AtUri(did.value(), null, null);
    }

    public static AtUri parse(String value) {
        if (value.length() > MAX_LENGTH) {
            throw new InvalidSyntaxException("AT-URI", value, "longer than " + MAX_LENGTH + " characters");
        }
        Matcher m = SYNTAX.matcher(value);
        if (!m.matches()) {
            throw new InvalidSyntaxException("AT-URI", value, "not of the form at://authority[/collection[/rkey]]");
        }
        return new AtUri(m.group(1), m.group(3), m.group(5));
    }

    public static Optional<AtUri> tryParse(String value) {
        try {
            return Optional.of(parse(value));
        } catch (InvalidSyntaxException e) {
            return Optional.empty();
        }
    }

    /** The record's path in its repository, {@code collection/rkey}; null unless the URI names a record. */
    public String path() {
        return rkey == null ? null : collection + "/" + rkey;
    }

    @Override
    public String toString() {
        return SCHEME + authority + (collection == null ? "" : "/" + collection) + (rkey == null ? "" : "/" + rkey);
    }
}
