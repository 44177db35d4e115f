package skybatch.readers.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SyntaxTest {

    @Test
    void validHandlesParse() throws IOException {
        assertAll("handle_syntax_valid.txt", Handle::tryParse, true);
    }

    @Test
    void invalidHandlesAreRejected() throws IOException {
        assertAll("handle_syntax_invalid.txt", Handle::tryParse, false);
    }

    @Test
    void validDidsParse() throws IOException {
        assertAll("did_syntax_valid.txt", Did::tryParse, true);
    }

    @Test
    void invalidDidsAreRejected() throws IOException {
        assertAll("did_syntax_invalid.txt", Did::tryParse, false);
    }

    @Test
    void handlesAreLowerCased() {
        assertThat(Handle.parse("John.Bsky.APP").value()).isEqualTo("john.bsky.app");
    }

    @Test
    void disallowedTldsAreFlagged() {
        assertThat(Handle.parse("laptop.local").hasAllowedTld()).isFalse();
        assertThat(Handle.parse("john.bsky.social").hasAllowedTld()).isTrue();
    }

    @Test
    void plcDidsNeedTheMethodShape() {
        assertThat(Did.parsePlc("did:plc:ewvi7nxzyoun6zhxrhs64oiz").isPlc()).isTrue();
        assertThatThrownBy(() -> Did.parsePlc("did:plc:short")).isInstanceOf(InvalidSyntaxException.class)
                .hasMessageContaining("did:plc:short");
        assertThat(Did.parse("did:web:example.com").method()).isEqualTo("web");
    }

    private static <T> void assertAll(String file, Function<String, Optional<T>> parser, boolean valid)
            throws IOException {
        List<String> values = SyntaxFixtures.lines(file);
        assertThat(values).isNotEmpty();
        List<String> wrong = values.stream().filter(v -> parser.apply(v).isPresent() != valid).toList();
        assertThat(wrong).as("values of %s parsed wrongly", file).isEmpty();
    }
}
