package skybatch.readers.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Datetime#parseInstant} reads what {@link Instant#parse} reads, and refuses what it refuses. */
class DatetimeParseInstantTest {

    @Test
    void readsTheUtcFormLikeInstantParse() {
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 20_000; i++) {
            Instant moment = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_799L),
                    random.nextInt(1_000_000_000));
            String text = moment.toString();
            int digits = random.nextInt(10);
            String withFraction = text.substring(0, 19) + (digits == 0 ? "" : "."
                    + String.format("%09d", moment.getNano()).substring(0, digits)) + "Z";
            assertThat(Datetime.parseInstant(withFraction)).as(withFraction).isEqualTo(Instant.parse(withFraction));
        }
    }

    @Test
    void leavesOtherFormsToInstantParse() {
        for (String text : List.of("2024-05-01T12:00:00+02:00", "2016-12-31T23:59:60Z", "2024-02-29T00:00:00.5Z",
                "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                // Instant.parse's own leniencies: the end of the day, an empty fraction, lower case
                "2024-05-01T24:00:00Z", "2024-05-01T12:00:00.Z", "2024-05-01t12:00:00z")) {
            assertThat(Datetime.parseInstant(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void refusesWhatInstantParseRefuses() {
        for (String text : List.of("2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-04-31T00:00:00Z",
                "2024-05-01T12:60:00Z", "2024-05-01T12:00:00",
                "2024-05-01 12:00:00Z", "2024-05-01T12:00:00.1234567890Z", "2024-5-01T12:00:00Z",
                "2024-05-01T12:0a:00Z", "")) {
            assertThatThrownBy(() -> Instant.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
            assertThatThrownBy(() -> Datetime.parseInstant(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }
}
