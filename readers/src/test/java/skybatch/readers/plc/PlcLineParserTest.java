package skybatch.readers.plc;

import skybatch.readers.testing.TestData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PlcLineParserTest {

    private static final Path AUDIT_LOGS =
            TestData.path("did-method-plc/interop_tests/audit_log/valid");
    private final PlcLineParser parser = new PlcLineParser();

    /** The entries of a real audit log (testdata/did-method-plc/...) are export lines. */
    private static JsonNode auditLog(String file) throws IOException {
        return JsonMapper.builder().build().readTree(Files.readString(AUDIT_LOGS.resolve(file)));
    }

    @Test
    void parsesARealPlcOperation() throws IOException {
        JsonNode entry = auditLog("log_bskyapp.json").get(1);
        PlcOperation op = parser.parse(entry.toString());
        assertThat(op.did().value()).isEqualTo("did:plc:z72i7hdynmk6r22z27h6tvur");
        assertThat(op.cid()).isEqualTo(entry.get("cid").asString());
        assertThat(op.createdAt()).isEqualTo(Instant.parse("2023-04-12T17:26:46.468Z"));
        assertThat(op.claimedHandle().value()).isEqualTo("bsky.app");
        assertThat(op.pdsEndpoint()).isEqualTo(
                entry.get("operation").get("services").get("atproto_pds").get("endpoint").asString());
        assertThat(op.signingKey()).isEqualTo(
                entry.get("operation").get("verificationMethods").get("atproto").asString());
        assertThat(op.tombstoned()).isFalse();
        assertThat(op.seq()).isNull();
        assertThat(op.cursor()).isEqualTo("2023-04-12T17:26:46.468Z");
    }

    @Test
    void parsesALegacyCreate() throws IOException {
        JsonNode entry = auditLog("log_legacy_dholms.json").get(0);
        PlcOperation op = parser.parse(entry.toString());
        assertThat(op.claimedHandle().value()).isEqualTo("dan.bsky.social");
        assertThat(op.pdsEndpoint()).isEqualTo(entry.get("operation").get("service").asString());
        assertThat(op.signingKey()).isEqualTo(entry.get("operation").get("signingKey").asString());
        assertThat(op.documentJson()).contains("\"id\":\"did:plc:yk4dd2qkboz2yv6tpubpc6co\"")
                .contains("\"alsoKnownAs\":[\"at://dan.bsky.social\"]").contains("\"type\":\"Multikey\"");
    }

    @Test
    void parsesTombstonesAndNullifiedFlags() throws IOException {
        PlcOperation tombstone = parser.parse(auditLog("log_tombstone.json").get(1).toString());
        assertThat(tombstone.tombstoned()).isTrue();
        assertThat(tombstone.claimedHandle()).isNull();
        assertThat(tombstone.documentJson()).isNull();
        PlcOperation nullified = parser.parse(auditLog("log_nullification.json").get(1).toString());
        assertThat(nullified.nullified()).isTrue();
        // "at://foo" is one label: not a handle, so no claim
        assertThat(nullified.claimedHandle()).isNull();
    }

    @Test
    void parsesTheSequencedFormat() throws IOException {
        JsonNode entry = auditLog("log_bnewbold_robocracy.json").get(0);
        String line = "{\"type\":\"sequenced_op\",\"seq\":12345," + entry.toString().substring(1);
        PlcOperation op = parser.parse(line);
        assertThat(op.seq()).isEqualTo(12345L);
        assertThat(op.cursor()).isEqualTo("12345");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "not json at all|invalid JSON",
        "[1,2]|not a JSON object",
        "{\"cid\":\"bafy\",\"createdAt\":\"2024-01-01T00:00:00Z\",\"operation\":{}}|missing 'did'",
        "{\"did\":42,\"cid\":\"bafy\",\"createdAt\":\"2024-01-01T00:00:00Z\",\"operation\":{}}|'did' must be a string",
        "{\"did\":\"did:plc:short\",\"cid\":\"bafy\",\"createdAt\":\"2024-01-01T00:00:00Z\",\"operation\":{}}|did:plc",
        "{\"did\":\"did:web:example.com\",\"cid\":\"b\",\"createdAt\":\"2024-01-01T00:00:00Z\",\"operation\":{}}|did:plc",
        "{\"did\":\"did:plc:aaaaaaaaaaaaaaaaaaaaaaaa\",\"createdAt\":\"2024-01-01T00:00:00Z\",\"operation\":{}}|missing 'cid'",
        "{\"did\":\"did:plc:aaaaaaaaaaaaaaaaaaaaaaaa\",\"cid\":\"b\",\"createdAt\":\"yesterday\",\"operation\":{}}|ISO-8601",
        "{\"did\":\"did:plc:aaaaaaaaaaaaaaaaaaaaaaaa\",\"cid\":\"b\",\"createdAt\":\"2024-01-01T00:00:00Z\"}|'operation' must be an object",
        "{\"did\":\"did:plc:aaaaaaaaaaaaaaaaaaaaaaaa\",\"cid\":\"b\",\"createdAt\":\"2024-01-01T00:00:00Z\",\"nullified\":\"no\",\"operation\":{}}|'nullified' must be a boolean",
        "{\"did\":\"did:plc:aaaaaaaaaaaaaaaaaaaaaaaa\",\"cid\":\"b\",\"createdAt\":\"2024-01-01T00:00:00Z\",\"operation\":{\"type\":\"bogus\"}}|unknown operation type",
        "{\"did\":\"did:plc:aaaaaaaaaaaaaaaaaaaaaaaa\",\"cid\":\"b\",\"createdAt\":\"2024-01-01T00:00:00Z\",\"operation\":{\"type\":\"plc_operation\",\"services\":{},\"verificationMethods\":{}}}|alsoKnownAs",
        "{\"did\":\"did:plc:aaaaaaaaaaaaaaaaaaaaaaaa\",\"cid\":\"b\",\"createdAt\":\"2024-01-01T00:00:00Z\",\"operation\":{\"type\":\"plc_operation\",\"alsoKnownAs\":[1],\"services\":{},\"verificationMethods\":{}}}|must hold strings",
        "{\"did\":\"did:plc:aaaaaaaaaaaaaaaaaaaaaaaa\",\"cid\":\"b\",\"createdAt\":\"2024-01-01T00:00:00Z\",\"operation\":{\"type\":\"plc_operation\",\"alsoKnownAs\":[],\"services\":{\"atproto_pds\":\"x\"},\"verificationMethods\":{}}}|'operation.services.atproto_pds'",
        "{\"did\":\"did:plc:aaaaaaaaaaaaaaaaaaaaaaaa\",\"cid\":\"b\",\"createdAt\":\"2024-01-01T00:00:00Z\",\"operation\":{\"type\":\"create\",\"service\":\"https://x\",\"signingKey\":\"did:key:z\"}}|missing 'handle'",
        "{\"type\":\"sequenced_op\",\"seq\":\"x\",\"did\":\"did:plc:aaaaaaaaaaaaaaaaaaaaaaaa\"}|'seq' must be an integer",
        "{\"type\":\"identity\",\"seq\":1}|unknown export entry type",
        "{\"did\":\"did:plc:aaaaaaaaaaaaaaaaaaaaaaaa\",\"cid\":\"b\",\"createdAt\":\"2024-01-01T00:00:00Z\",\"operation\":{\"type\":\"plc_operation\",\"alsoKnownAs\":[\"at://\\ud83d\\ude00\",\"at://a\\ud800\"],\"services\":{},\"verificationMethods\":{}}}|'operation.alsoKnownAs[1]' holds an unpaired surrogate \\ud800",
        "{\"did\":\"did:plc:aaaaaaaaaaaaaaaaaaaaaaaa\",\"cid\":\"b\",\"createdAt\":\"2024-01-01T00:00:00Z\",\"operation\":{\"type\":\"plc_operation\",\"alsoKnownAs\":[],\"services\":{\"a\\u0000\":{}},\"verificationMethods\":{}}}|the key 'operation.services.a",
    })
    void rejectsBadLinesSayingWhy(String line, String reason) {
        assertThatThrownBy(() -> parser.parse(line)).isInstanceOf(InvalidPlcLineException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"did\":\"not a did\",\"createdAt\":\"2024-05-01T10:00:00.123Z\"}|2024-05-01T10:00:00.123Z",
        "{\"type\":\"sequenced_op\",\"seq\":42,\"did\":7}|42",
        "{\"type\":\"sequenced_op\",\"seq\":\"42\",\"createdAt\":\"2024-05-01T10:00:00Z\"}|",
        "{\"did\":\"did:plc:x\",\"createdAt\":\"yesterday\"}|",
        "{\"did\":\"did:plc:x\"|",
        "[1,2]|",
    })
    void findsTheCursorOfALineThatIsNotAnOperation(String line, String cursor) {
        assertThat(parser.cursorOf(line)).isEqualTo(java.util.Optional.ofNullable(cursor));
    }

    @Test
    void acceptsSurrogatePairs() {
        PlcOperation op = parser.parse("{\"did\":\"did:plc:aaaaaaaaaaaaaaaaaaaaaaaa\",\"cid\":\"b\","
                + "\"createdAt\":\"2024-01-01T00:00:00Z\",\"operation\":{\"type\":\"plc_operation\","
                + "\"alsoKnownAs\":[\"at://a.test\"],\"services\":{},\"verificationMethods\":{},"
                + "\"note\\ud83d\\ude00\":[\"\\ud83d\\ude00\"]}}");
        assertThat(op.did().value()).isEqualTo("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa");
    }
}
