package skybatch.readers.syntax;

import java.util.Optional;
import java.util.regex.Pattern;

/** A namespaced identifier such as {@code app.bsky.feed.post}: a reversed domain and a name, at most 317 characters. */
public record Nsid(String value) {

    private static final int MAX_LENGTH = 253 + 1 + 63;
    private static final Pattern SYNTAX = Pattern.compile("^[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
            + "(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+(\\.[a-zA-Z]([a-zA-Z0-9]{0,62})?)$");

    public Nsid {
        if (value.length() > MAX_LENGTH || !SYNTAX.matcher(value).matches()) {
            throw new InvalidSyntaxException("NSID", value, "not a reversed domain and a name, such as"
                    + " app.bsky.feed.post, of at most " + MAX_LENGTH + " characters");
        }
    }

    public static Nsid parse(String value) {
        return new Nsid(value);
    }

    public static Optional<Nsid> tryParse(String value) {
        try {
            return Optional.of(new Nsid(value));
        } catch (InvalidSyntaxException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
