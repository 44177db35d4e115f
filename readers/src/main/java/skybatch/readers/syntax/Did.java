package skybatch.readers.syntax;

import java.util.Optional;

/**
 * A decentralized identifier as atproto restricts them: {@code did:<method>:<identifier>}, at most 2 KB.
 * {@link #isPlc()} and {@link #isWeb()} tell the two methods atproto supports.
 */
public record Did(String value) {

    private static final int MAX_LENGTH = 2 * 1024;
    private static final String PLC_PREFIX = "did:plc:";
    /** did:plc identifiers are 24 characters of base32 (lower case, digits 2-7). */
    private static final int PLC_LENGTH = PLC_PREFIX.length() + 24;

    public Did {
        if (value.length() > MAX_LENGTH) {
            throw new InvalidSyntaxException("DID", value, "longer than " + MAX_LENGTH + " characters");
        }
        if (!wellFormed(value)) {
            throw new InvalidSyntaxException("DID", value, "not of the form did:<method>:<identifier>");
        }
    }

    public static Did parse(String value) {
        return new Did(value);
    }

    public static Optional<Did> tryParse(String value) {
        try {
            return Optional.of(new Did(value));
        } catch (InvalidSyntaxException e) {
            return Optional.empty();
        }
    }

    /** Parses a did:plc, which must also have the method's exact shape. */
    public static Did parsePlc(String value) {
        Did did = parse(value);
        if (!plcShaped(value)) {
            throw new InvalidSyntaxException("did:plc", value, "not did:plc: followed by 24 base32 characters");
        }
        return did;
    }

    /**
     * {@code did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]}, checked by hand: every PLC operation is parsed, and a
     * regular expression costs several times this loop.
     */
    private static boolean wellFormed(String value) {
        if (!value.startsWith("did:")) {
            return false;
        }
        int i = 4;
        while (i < value.length() && value.charAt(i) >= 'a' && value.charAt(i) <= 'z') {
            i++;
        }
        if (i == 4 || i + 1 >= value.length() || value.charAt(i) != ':') {
            return false;
        }
        for (int j = i + 1; j < value.length(); j++) {
            char c = value.charAt(j);
            if (!(isAsciiAlphanumeric(c) || c == '.' || c == '_' || c == '-' || c == ':' || c == '%')) {
                return false;
            }
        }
        char last = value.charAt(value.length() - 1);
        return last != ':' && last != '%';
    }

    private static boolean plcShaped(String value) {
        if (value.length() != PLC_LENGTH || !value.startsWith(PLC_PREFIX)) {
            return false;
        }
        for (int i = PLC_PREFIX.length(); i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '2' && c <= '7')) {
                return false;
            }
        }
        return true;
    }

    static boolean isAsciiAlphanumeric(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    public String method() {
        return value.substring(4, value.indexOf(':', 4));
    }

    public boolean isPlc() {
        return value.startsWith(PLC_PREFIX);
    }

    public boolean isWeb() {
        return value.startsWith("did:web:");
    }

    @Override
    public String toString() {
        return value;
    }
}
