package skybatch.readers.syntax;

/** An identifier that does not follow the AT Protocol syntax rules. */
public class InvalidSyntaxException extends IllegalArgumentException {

    public InvalidSyntaxException(String kind, String value, String rule) {
        super("invalid " + kind + " '" + abbreviate(value) + "': " + rule);
    }

    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
