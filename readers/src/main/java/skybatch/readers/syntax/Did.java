package skybatch.readers.syntax;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A decentralized identifier as atproto restricts them: {@code did:<method>:<identifier>}, at most 2 KB.
 * {@link #isPlc()} and {@link #isWeb()} tell the two methods atproto supports.
 */
public record Did(String value) {

    private static final int MAX_LENGTH = 2 * 1024;
    private static final Pattern SYNTAX = Pattern.compile("^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$");
    /** did:plc identifiers are 24 characters of base32 (lower case, digits 2-7). */
    private static final Pattern PLC = Pattern.compile("^did:plc:[a-z2-7]{24}$");

    public Did {
        if (value.length() > MAX_LENGTH) {
            throw new InvalidSyntaxException("DID", value, "longer than " + MAX_LENGTH + " characters");
        }
        if (!SYNTAX.matcher(value).matches()) {
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
        if (!PLC.matcher(value).matches()) {
            throw new InvalidSyntaxException("did:plc", value, "not did:plc: followed by 24 base32 characters");
        }
        return did;
    }

    public String method() {
        return value.substring(4, value.indexOf(':', 4));
    }

    public boolean isPlc() {
        return value.startsWith("did:plc:");
    }

    public boolean isWeb() {
        return value.startsWith("did:web:");
    }

    @Override
    public String toString() {
        return value;
    }
}
