package skybatch.readers.syntax;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An atproto handle: a DNS name of at least two labels whose last label does not start with a digit, at most
 * 253 characters. Handles compare case-insensitively, so the value is kept lower-cased.
 */
public record Handle(String value) {

    private static final Pattern SYNTAX = Pattern.compile(
            "^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$");

    /** Top-level domains the spec says are never valid for a handle that an app shows. */
    private static final Set<String> DISALLOWED_TLDS =
            Set.of(".alt", ".arpa", ".example", ".internal", ".invalid", ".local", ".localhost", ".onion");

    public Handle {
        if (value.length() > 253) {
            throw new InvalidSyntaxException("handle", value, "longer than 253 characters");
        }
        if (!SYNTAX.matcher(value).matches()) {
            throw new InvalidSyntaxException("handle", value, "not a domain name of two or more labels");
        }
        value = value.toLowerCase(Locale.ROOT);
    }

    public static Handle parse(String value) {
        return new Handle(value);
    }

    public static Optional<Handle> tryParse(String value) {
        try {
            return Optional.of(new Handle(value));
        } catch (InvalidSyntaxException e) {
            return Optional.empty();
        }
    }

    /** False for syntactically valid handles under TLDs such as .local or .onion that are never resolvable. */
    public boolean hasAllowedTld() {
        return DISALLOWED_TLDS.stream().noneMatch(value::endsWith);
    }

    @Override
    public String toString() {
        return value;
    }
}
