package skybatch.readers.plc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import skybatch.readers.did.DidDocument;
import skybatch.readers.testing.TestData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The parser's streaming path reads valid lines exactly as the tree does, and leaves every other line to it. */
class PlcLineScannerTest {

    private static final String DID = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String OPERATION = "{\"type\":\"plc_operation\",\"alsoKnownAs\":[\"at://a.test\"],"
            + "\"verificationMethods\":{\"atproto\":\"did:key:zQ3sh\"},\"services\":{\"atproto_pds\":"
            + "{\"type\":\"AtprotoPersonalDataServer\",\"endpoint\":\"https://pds.test\"}}}";

    private final PlcLineParser parser = new PlcLineParser();
    private final PlcLineScanner scanner = new PlcLineScanner(PlcLineParser.MAPPER);

    /** The scan of the line's text, once its bytes, when they are ASCII, are seen to scan to the same. */
    private PlcOperation scan(String line) {
        PlcOperation scanned = scanner.scan(line);
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == line.length()) {
            byte[] padded = Arrays.copyOf(bytes, bytes.length + 7);
            assertThat(scanner.scan(padded, bytes.length)).as("the bytes of %s", line).isEqualTo(scanned);
        }
        return scanned;
    }

    /** Every entry of the real audit logs in testdata, in both formats. */
    private static List<String> realLines() throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(TestData.path("did-method-plc/interop_tests/audit_log/valid"))) {
            for (Path file : files.sorted().toList()) {
                for (JsonNode entry : JsonMapper.builder().build().readTree(Files.readString(file))) {
                    lines.add(entry.toString());
                    lines.add("{\"type\":\"sequenced_op\",\"seq\":7," + entry.toString().substring(1));
                }
            }
        }
        return lines;
    }

    @Test
    void readsRealLinesAsTheTreeDoes() throws IOException {
        List<String> lines = realLines();
        assertThat(lines).hasSizeGreaterThan(20);
        for (String line : lines) {
            PlcOperation scanned = scan(line);
            assertThat(scanned).as(line).isNotNull().isEqualTo(PlcLineParser.parseTree(line));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // keys in another order, the operation before the DID
        "{\"operation\":" + OPERATION + ",\"createdAt\":\"2024-01-01T00:00:00Z\",\"cid\":\"b\",\"did\":\"" + DID + "\"}",
        // a legacy line's seq is ignored, whatever it is; nullified may be null; unknown keys are passed over
        "{\"seq\":[1,{\"x\":\"y\"}],\"did\":\"" + DID + "\",\"cid\":\"b\",\"createdAt\":\"2024-01-01T00:00:00Z\","
                + "\"nullified\":null,\"extra\":{\"a\":[true,1.5,null]},\"operation\":" + OPERATION + "}",
        // escapes, a surrogate pair, a key that is not a did:key, a service with more than type and endpoint
        "{\"did\":\"" + DID + "\",\"cid\":\"b\\u0062\",\"createdAt\":\"2024-01-01T00:00:00.5+02:00\",\"operation\":"
                + "{\"type\":\"plc_operation\",\"alsoKnownAs\":[\"at://\\ud83d\\ude00\",\"x\\\"\\n\\u0001\"],"
                + "\"verificationMethods\":{\"a\":\"did:key:z1\",\"b\":\"other\"},\"services\":{\"s\\t\":"
                + "{\"endpoint\":\"e\",\"note\":[\"n\"],\"type\":\"t\"}}}}",
        "{\"type\":\"sequenced_op\",\"seq\":-9223372036854775808,\"did\":\"" + DID + "\",\"cid\":\"b\","
                + "\"createdAt\":\"2024-01-01T00:00:00Z\",\"nullified\":true,\"operation\":{\"type\":\"plc_tombstone\"}}",
        "{\"did\":\"" + DID + "\",\"cid\":\"b\",\"createdAt\":\"2024-01-01T00:00:00Z\",\"operation\":"
                + "{\"type\":\"create\",\"handle\":\"a.test\",\"service\":\"https://pds.test\",\"signingKey\":\"k\","
                + "\"prev\":null}}",
    })
    void readsUnusualValidLinesAsTheTreeDoes(String line) {
        PlcOperation scanned = scan(line);
        assertThat(scanned).isNotNull().isEqualTo(PlcLineParser.parseTree(line));
        if (!scanned.tombstoned()) {
            assertThat(DidDocument.parse(scanned.documentJson()).toJson()).isEqualTo(scanned.documentJson());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"did\":\"" + DID + "\",\"cid\":\"b\",\"createdAt\":\"2024-01-01T00:00:00Z\",\"operation\":" + OPERATION + "} {}",
        "{\"did\":\"" + DID + "\",\"did\":\"" + DID + "\",\"cid\":\"b\",\"createdAt\":\"2024-01-01T00:00:00Z\","
                + "\"operation\":" + OPERATION + "}",
        "{\"did\":\"" + DID + "\",\"cid\":\"b\",\"createdAt\":\"2024-01-01T00:00:00Z\",\"operation\":"
                + "{\"type\":\"plc_operation\",\"alsoKnownAs\":[\"at://a\\u0000\"],\"verificationMethods\":{},"
                + "\"services\":{}}}",
        "{\"did\":\"" + DID + "\",\"cid\":\"b\",\"createdAt\":\"2024-01-01T00:00:00Z\",\"x\":{\"\\ud800\":1},"
                + "\"operation\":" + OPERATION + "}",
        "{\"did\":\"" + DID + "\",\"cid\":\"b\",\"createdAt\":\"2024-01-01T00:00:00Z\",\"operation\":"
                + "{\"type\":\"plc_operation\",\"alsoKnownAs\":[],\"verificationMethods\":{},"
                + "\"services\":{\"atproto_pds\":{\"type\":\"t\"}}}}",
        "{\"type\":\"sequenced_op\",\"seq\":9223372036854775808,\"did\":\"" + DID + "\",\"cid\":\"b\","
                + "\"createdAt\":\"2024-01-01T00:00:00Z\",\"operation\":{\"type\":\"plc_tombstone\"}}",
        "{\"did\":\"" + DID + "\",\"cid\":\"b\",\"createdAt\":\"2024-01-01T00:00:00Z\",\"operation\":"
                + "{\"type\":\"create\",\"handle\":null,\"service\":\"s\",\"signingKey\":\"k\"}}",
    })
    void leavesBadLinesToTheTreeWhichNamesWhatIsWrong(String line) {
        assertThat(scan(line)).isNull();
        assertThatThrownBy(() -> parser.parse(line)).isInstanceOf(InvalidPlcLineException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"sequenced_op\",\"seq\":12.0,\"did\":\"" + DID + "\",\"cid\":\"b\","
                + "\"createdAt\":\"2024-01-01T00:00:00Z\",\"operation\":{\"type\":\"plc_tombstone\"}}",
        "{\"did\":\"" + DID + "\",\"cid\":\"b\",\"createdAt\":\"2024-01-01T00:00:00Z\",\"operation\":"
                + "{\"type\":\"create\",\"handle\":\"a.test\",\"service\":\"https://pds.test\",\"signingKey\":\"k\","
                + "\"alsoKnownAs\":1}}",
    })
    void leavesRareValidShapesToTheTreeWhichReadsThem(String line) {
        assertThat(scan(line)).isNull();
        assertThat(parser.parse(line).did().value()).isEqualTo(DID);
    }
}
