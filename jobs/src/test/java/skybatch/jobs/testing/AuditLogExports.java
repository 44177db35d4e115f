package skybatch.jobs.testing;

import skybatch.readers.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the real PLC audit logs in {@code testdata/did-method-plc/interop_tests/audit_log/valid/} into
 * export lines: every entry of the named logs, in createdAt order as the export serves them.
 */
public final class AuditLogExports {

    public static final Path VALID_LOGS =
            TestData.path("did-method-plc/interop_tests/audit_log/valid");
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private AuditLogExports() {}

    public static List<String> lines(String... logFiles) throws IOException {
        List<JsonNode> entries = new ArrayList<>();
        for (String file : logFiles) {
            MAPPER.readTree(Files.readString(VALID_LOGS.resolve(file))).forEach(entries::add);
        }
        entries.sort(Comparator.comparing(e -> e.get("createdAt").asString()));
        return entries.stream().map(JsonNode::toString).toList();
    }

    /** Every valid audit log of the fixtures. */
    public static List<String> allValidLogs() throws IOException {
        try (var files = Files.list(VALID_LOGS)) {
            return lines(files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new));
        }
    }

    /** The entries of one log, as JSON nodes, in their order. */
    public static List<JsonNode> entries(String logFile) throws IOException {
        List<JsonNode> entries = new ArrayList<>();
        MAPPER.readTree(Files.readString(VALID_LOGS.resolve(logFile))).forEach(entries::add);
        return entries;
    }

    public static Path write(Path file, List<String> lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }
}
