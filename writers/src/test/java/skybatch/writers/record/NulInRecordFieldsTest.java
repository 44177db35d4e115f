package skybatch.writers.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** U+0000 in a field bound for a text or jsonb column: the app-view indexes nothing of such a record. */
class NulInRecordFieldsTest {

    private static final String DID = "did:plc:aliceaaaaaaaaaaaaaaaaaaa";

    private static IndexedRecord post(Map<String, Object> value) {
        return RecordMapper.map(DID, "app.bsky.feed.post", "p", "bafyrecord", value, "2026-01-01T00:00:00.000Z");
    }

    @Test
    void aNulInATextColumnsFieldMakesTheRecordInvalid() {
        assertThatThrownBy(() -> post(Map.of("text", "hi\0there", "createdAt", "2024-01-01T00:00:00Z")))
                .isInstanceOf(InvalidRecordException.class).hasMessage("app.bsky.feed.post.text contains U+0000 at index 2");
        assertThatThrownBy(() -> post(Map.of("text", "", "createdAt", "2024-01-01T00:00:00Z", "tags",
                List.of("ok", "b\0d")))).isInstanceOf(InvalidRecordException.class).hasMessageContaining("tags");
    }

    @Test
    void aNulInAFieldKeptOnlyAsJsonIsEscapedThere() {
        IndexedRecord thing = RecordMapper.map(DID, "com.example.thing", "t", "bafyrecord",
                Map.of("note", "a\0b"), "2026-01-01T00:00:00.000Z");

        assertThat(thing.record().json()).isEqualTo("{\"note\":\"a\\u0000b\"}");
    }
}
