package skybatch.readers.cid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Base32Test {

    /** RFC 4648 section 10 test vectors, lower-cased and without padding. */
    @ParameterizedTest
    @CsvSource({"'', ''", "f, my", "fo, mzxq", "foo, mzxw6", "foob, mzxw6yq", "fooba, mzxw6ytb", "foobar, mzxw6ytboi"})
    void matchesRfc4648Vectors(String plain, String encoded) {
        byte[] bytes = plain.getBytes(StandardCharsets.US_ASCII);
        assertThat(Base32.encode(bytes)).isEqualTo(encoded);
        assertThat(Base32.decode(encoded, 0)).isEqualTo(bytes);
    }

    @Test
    void rejectsUpperCasePaddingAndImpossibleLengths() {
        assertThatThrownBy(() -> Base32.decode("MZXQ", 0)).hasMessageContaining("invalid base32 character 'M'");
        assertThatThrownBy(() -> Base32.decode("mzxq====", 0)).hasMessageContaining("'='");
        assertThatThrownBy(() -> Base32.decode("mzx", 0)).hasMessageContaining("not a whole number of bytes");
        // "mz" decodes to 'f' only if the last 2 bits are zero; "mz" has them set.
        assertThatThrownBy(() -> Base32.decode("mz", 0)).hasMessageContaining("non-zero padding bits");
    }
}
