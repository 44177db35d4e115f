package skybatch.writers.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import skybatch.writers.testing.TestDatabase;

/** Against a real PostgreSQL: whatever the input holds, its quarantine row is written. */
class QuarantineRepositoryTest {

    private static TestDatabase database;
    private static QuarantineRepository quarantine;

    @BeforeAll
    static void start() {
        database = TestDatabase.migrated();
        quarantine = new QuarantineRepository(database.dataSource());
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    @Test
    void nulBytesAndUnpairedSurrogatesAreStoredEscaped() {
        quarantine.add(new QuarantinedInput(101L, "export\0.jsonl", "line 1", "did:plc:a\0b",
                "bad \0 reason", "{\"did\":\"x\0\",\"s\":\"\uD800 and \uDC00 but \uD83D\uDE00\"}"));

        QuarantinedInput row = quarantine.forJobExecution(101L).get(0);
        assertThat(row.source()).isEqualTo("export\\u0000.jsonl");
        assertThat(row.did()).isEqualTo("did:plc:a\\u0000b");
        assertThat(row.reason()).isEqualTo("bad \\u0000 reason");
        assertThat(row.raw()).isEqualTo("{\"did\":\"x\\u0000\",\"s\":\"\\ud800 and \\udc00 but \uD83D\uDE00\"}");
    }

    @Test
    void reasonsAndRawTextAreCut() {
        String huge = "x".repeat(30 << 20);
        quarantine.add(new QuarantinedInput(102L, "export.jsonl", "line 7", null, "bad value " + huge, huge));

        List<QuarantinedInput> rows = quarantine.forJobExecution(102L);
        assertThat(rows.get(0).reason()).hasSizeLessThan(QuarantineRepository.MAX_REASON_CHARS + 40)
                .startsWith("bad value xxx").endsWith("... (" + (huge.length() + 10) + " characters)");
        assertThat(rows.get(0).raw()).hasSizeLessThan(QuarantineRepository.MAX_RAW_CHARS + 40);
        assertThat(QuarantineRepository.forLog(huge)).hasSizeLessThan(QuarantineRepository.MAX_REASON_CHARS + 40);
    }
}
