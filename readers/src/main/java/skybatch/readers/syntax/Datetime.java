package skybatch.readers.syntax;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An atproto datetime: RFC 3339 with upper-case {@code T} and {@code Z}, seconds, an optional fraction and a zone
 * ({@code Z} or {@code ±hh:mm}, not {@code -00:00}), at most 64 characters, not before year 0 in UTC.
 * {@link #normalize} is the app-view's lenient reading of a record's datetime.
 */
public record Datetime(String value) {

    /** Where {@link #normalize} puts what it cannot read. */
    public static final String EPOCH = "1970-01-01T00:00:00.000Z";

    private static final int MAX_LENGTH = 64;
    private static final Pattern SYNTAX = Pattern.compile(
            "^[0-9]{4}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-6][0-9]:[0-6][0-9](\\.[0-9]{1,20})?(Z|[+-][0-2][0-9]:[0-5][0-9])$");
    private static final Pattern LONG_FRACTION = Pattern.compile("(\\.[0-9]{9})[0-9]+");
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

    public Datetime {
        instant(value);
    }

    public static Datetime parse(String value) {
        return new Datetime(value);
    }

    /** The moment it names. */
    public Instant instant() {
        return instant(value);
    }

    private static Instant instant(String value) {
        Instant utc = utcInstant(value); // the common form, read by hand: all of it passes the checks below
        if (utc != null) {
            return utc;
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidSyntaxException("datetime", value, "longer than " + MAX_LENGTH + " characters");
        }
        if (!SYNTAX.matcher(value).matches() || value.endsWith("-00:00")) {
            throw new InvalidSyntaxException("datetime", value,
                    "not of the form 1985-04-12T23:20:50.123Z (or with a zone ±hh:mm other than -00:00)");
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(LONG_FRACTION.matcher(value).replaceFirst("$1"), ZONED).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidSyntaxException("datetime", value, "no such date or time");
        }
        if (instant.atOffset(ZoneOffset.UTC).getYear() < 0) {
            throw new InvalidSyntaxException("datetime", value, "before year 0 in UTC");
        }
        return instant;
    }

    /**
     * Reads an ISO-8601 instant exactly as {@link Instant#parse} does, but the common UTC form
     * ({@code 2024-05-01T12:00:00.123Z}, any fraction of up to 9 digits or none) by hand, at a fraction of the
     * cost: the PLC export's {@code createdAt} of every operation has this form. Anything else (an offset, a leap
     * second) is left to {@link Instant#parse}, which also raises the errors.
     *
     * @throws java.time.format.DateTimeParseException when {@link Instant#parse} would
     */
    public static Instant parseInstant(String text) {
        Instant fast = utcInstant(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** The instant of {@code uuuu-MM-ddTHH:mm:ss[.f{1,9}]Z}, or null when the text is not of that form. */
    private static Instant utcInstant(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || day > Month.of(month).length(Year.isLeap(year))) {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            if (text.charAt(19) != '.' || length == 21) {
                return null;
            }
            int fraction = digits(text, 20, length - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * POWERS_OF_TEN[30 - length];
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
    }

    /** 10^(9 - fraction digits), indexed by 9 - digits. */
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
            100_000_000};

    /** The decimal number of text[from, to), or -1 when a character is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    public static Optional<Datetime> tryParse(String value) {
        try {
            return Optional.of(parse(value));
        } catch (InvalidSyntaxException e) {
            return Optional.empty();
        }
    }

    /** A moment, as atproto writes one now: UTC, milliseconds ({@code 2024-05-01T12:00:00.000Z}). */
    public static Datetime of(Instant instant) {
        return new Datetime(OUTPUT.format(instant.truncatedTo(ChronoUnit.MILLIS)));
    }

    /**
     * {@code normalizeDatetimeAlways} of @atproto/syntax: a record's datetime as a UTC ISO-8601 string with
     * milliseconds; a datetime without a zone is read as UTC; one that does not parse, or falls outside years 0
     * to 9999, becomes the Unix epoch. The app-view's {@code createdAt} columns hold these, so {@code sortAt}
     * compares like strings. JavaScript's Date parser takes more forms than this one: the ISO forms (date, or date
     * and time with {@code T} or a space, any fraction, {@code Z}, {@code ±hh:mm} or {@code ±hhmm}).
     */
    public static String normalize(String text) {
        String trimmed = text.trim();
        if (utcInstant(trimmed) != null) {
            return inMillis(trimmed); // nearly every record's: the same result without parsing and formatting again
        }
        Instant instant = lenient(trimmed);
        if (instant == null) {
            return EPOCH;
        }
        int year = instant.atOffset(ZoneOffset.UTC).getYear();
        return year < 0 || year > 9999 ? EPOCH : OUTPUT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * A datetime that {@link #utcInstant} reads, as {@link #OUTPUT} writes its instant: the fraction cut or padded
     * to 3 digits.
     */
    private static String inMillis(String utc) {
        if (utc.length() == 24) {
            return utc;
        }
        StringBuilder millis = new StringBuilder(24).append(utc, 0, 19).append('.');
        for (int i = 20; i < 23; i++) {
            millis.append(i < utc.length() - 1 ? utc.charAt(i) : '0');
        }
        return millis.append('Z').toString();
    }

    private static Instant lenient(String text) {
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

    @Override
    public String toString() {
        return value;
    }
}
