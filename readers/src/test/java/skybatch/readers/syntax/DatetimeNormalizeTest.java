package skybatch.readers.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatetimeNormalizeTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2024-05-01T12:00:00Z, 2024-05-01T12:00:00.000Z",
        "2024-05-01T12:00:00.123456789Z, 2024-05-01T12:00:00.123Z",
        "2024-05-01T12:00:00.5Z, 2024-05-01T12:00:00.500Z",
        "2024-05-01T14:00:00+02:00, 2024-05-01T12:00:00.000Z",
        "2024-05-01T14:00:00+0200, 2024-05-01T12:00:00.000Z",
        "2024-05-01T12:00:00-00:00, 2024-05-01T12:00:00.000Z",
        "2024-05-01T12:00:00, 2024-05-01T12:00:00.000Z",
        "2024-05-01 12:00:00, 2024-05-01T12:00:00.000Z",
        "2024-05-01T12:00, 2024-05-01T12:00:00.000Z",
        "2024-05-01, 2024-05-01T00:00:00.000Z",
        "2024-02-30T00:00:00Z, 1970-01-01T00:00:00.000Z",
        "not a date, 1970-01-01T00:00:00.000Z",
        "'', 1970-01-01T00:00:00.000Z",
        "0000-01-01T00:30:00+01:00, 1970-01-01T00:00:00.000Z",
    })
    void normalizesAsTheAppViewDoes(String input, String expected) {
        assertThat(Datetime.normalize(input)).isEqualTo(expected);
    }
}
