package skybatch.writers.record;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * {@code normalizeDatetimeAlways} of @atproto/syntax: a record's datetime as a UTC ISO-8601 string with
 * milliseconds ({@code 2024-05-01T12:00:00.000Z}); a datetime without a zone is read as UTC; one that does not
 * parse, or falls outside years 0 to 9999, becomes the Unix epoch. The app-view's {@code createdAt} columns hold
 * these, so {@code sortAt} compares like strings. JavaScript's Date parser takes more forms than this one: the ISO
 * forms (date, or date and time with {@code T} or a space, any fraction, {@code Z}, {@code ±hh:mm} or {@code ±hhmm}).
 */
public final class AtprotoDatetime {

    public static final String EPOCH = "1970-01-01T00:00:00.000Z";

    private static final Pattern HAS_ZONE = Pattern.compile("[+-]\\d\\d:?\\d\\d$|\\dZ$", Pattern.CASE_INSENSITIVE);
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd().optionalEnd()
            .toFormatter().withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter ZONED = new DateTimeFormatterBuilder().append(LOCAL)
            .appendOffset("+HH:MM", "Z").toFormatter().withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter ZONED_NO_COLON = new DateTimeFormatterBuilder().append(LOCAL)
            .appendOffset("+HHMM", "Z").toFormatter().withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter OUTPUT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private AtprotoDatetime() {}

    public static String normalize(String text) {
        Instant instant = parse(text.trim());
        if (instant == null) {
            return EPOCH;
        }
        int year = instant.atOffset(ZoneOffset.UTC).getYear();
        return year < 0 || year > 9999 ? EPOCH : OUTPUT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** The instant, as now in UTC. */
    public static String format(Instant instant) {
        return OUTPUT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    private static Instant parse(String text) {
        if (HAS_ZONE.matcher(text).find()) {
            for (DateTimeFormatter format : new DateTimeFormatter[] {ZONED, ZONED_NO_COLON}) {
                try {
                    return OffsetDateTime.parse(text, format).toInstant();
                } catch (DateTimeParseException next) {
                    // try the other offset form
                }
            }
            return null;
        }
        try {
            return LocalDateTime.parse(text, LOCAL).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notDateTime) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
