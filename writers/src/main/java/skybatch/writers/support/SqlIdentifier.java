package skybatch.writers.support;

import java.util.regex.Pattern;

/** A schema or table name from configuration, checked before it is spliced into SQL text. */
public final class SqlIdentifier {

    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private SqlIdentifier() {}

    public static String requirePlain(String name, String what) {
        if (name == null || !PLAIN.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must be a lower-case SQL identifier, not '" + name + "'");
        }
        return name;
    }
}
