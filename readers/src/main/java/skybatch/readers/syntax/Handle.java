package skybatch.readers.syntax;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An atproto handle: a DNS name of at least two labels whose last label does not start with a digit, at most
 * 253 characters. Handles compare case-insensitively, so the value is kept lower-cased.
 */
public record Handle(String value) {

    private static final int MAX_LABEL = 63;

    /** Top-level domains the spec says are never valid for a handle that an app shows. */
    private static final Set<String> DISALLOWED_TLDS =
            Set.of(".alt", ".arpa", ".example", ".internal", ".invalid", ".local", ".localhost", ".onion");

    public Handle {
        if (value.length() > 253) {
            throw new InvalidSyntaxException("handle", value, "longer than 253 characters");
        }
        if (!wellFormed(value)) {
            throw new InvalidSyntaxException("handle", value, "not a domain name of two or more labels");
        }
        value = value.toLowerCase(Locale.ROOT);
    }

    /**
     * Two or more labels of 1-63 letters, digits and hyphens, none starting or ending with a hyphen, the last
     * starting with a letter; checked by hand, since every PLC operation's handle is (a regex costs several times
     * this loop).
     */
    private static boolean wellFormed(String value) {
        int labels = 0;
        int start = 0;
        while (true) {
            int end = value.indexOf('.', start);
            int stop = end < 0 ? value.length() : end;
            if (!label(value, start, stop)) {
                return false;
            }
            labels++;
            if (end < 0) {
                break;
            }
            start = end + 1;
        }
        char tldFirst = value.charAt(start);
        return labels >= 2 && (tldFirst >= 'a' && tldFirst <= 'z' || tldFirst >= 'A' && tldFirst <= 'Z');
    }

    private static boolean label(String value, int start, int stop) {
        int length = stop - start;
        if (length < 1 || length > MAX_LABEL || value.charAt(start) == '-' || value.charAt(stop - 1) == '-') {
            return false;
        }
        for (int i = start; i < stop; i++) {
            char c = value.charAt(i);
            if (!(Did.isAsciiAlphanumeric(c) || c == '-')) {
                return false;
            }
        }
        return true;
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
