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
    void validAtUrisParse() throws IOException {
        assertAll("aturi_syntax_valid.txt", AtUri::tryParse, true);
    }

    @Test
    void invalidAtUrisAreRejected() throws IOException {
        assertAll("aturi_syntax_invalid.txt", AtUri::tryParse, false);
    }

    @Test
    void atUrisSayTheirParts() {
        AtUri uri = AtUri.parse("at://did:plc:asdf123/app.bsky.feed.post/3kabc");
        assertThat(uri.authority()).isEqualTo("did:plc:asdf123");
        assertThat(uri.collection()).isEqualTo("app.bsky.feed.post");
        assertThat(uri.rkey()).isEqualTo("3kabc");
        assertThat(uri.path()).isEqualTo("app.bsky.feed.post/3kabc");
        assertThat(uri).hasToString("at://did:plc:asdf123/app.bsky.feed.post/3kabc")
                .isEqualTo(AtUri.record(Did.parse("did:plc:asdf123"), "app.bsky.feed.post/3kabc"));
        assertThat(AtUri.repository(Did.parse("did:plc:asdf123"))).hasToString("at://did:plc:asdf123");
        assertThatThrownBy(() -> AtUri.record(Did.parse("did:plc:asdf123"), "app.bsky.feed.post", ".."))
                .isInstanceOf(InvalidSyntaxException.class).hasMessageContaining("record key");
    }

    @Test
    void validDatetimesParse() throws IOException {
        assertAll("datetime_syntax_valid.txt", Datetime::tryParse, true);
    }

    @Test
    void invalidDatetimesAreRejected() throws IOException {
        assertAll("datetime_syntax_invalid.txt", Datetime::tryParse, false);
        assertAll("datetime_parse_invalid.txt", Datetime::tryParse, false);
    }

    @Test
    void datetimesNameTheirMoment() {
        assertThat(Datetime.parse("1985-04-12T23:20:50.123-07:00").instant())
                .isEqualTo(java.time.Instant.parse("1985-04-13T06:20:50.123Z"));
        assertThat(Datetime.of(java.time.Instant.parse("2024-05-01T12:00:00.123456Z")))
                .hasToString("2024-05-01T12:00:00.123Z");
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
