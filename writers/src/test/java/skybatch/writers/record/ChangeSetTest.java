package skybatch.writers.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import skybatch.writers.quarantine.QuarantinedInput;
import skybatch.writers.record.IndexedChange.Indexed;
import skybatch.writers.record.IndexedChange.Rejected;
import skybatch.writers.record.IndexedChange.Removed;

/** Changes to one record within a chunk collapse to the last, after the removal of whatever came before it. */
class ChangeSetTest {

    private static final String DID = "did:plc:changesetchangesetchanges";
    private static final String URI = "at://" + DID + "/app.bsky.feed.post/p1";

    private static Indexed put(String text, boolean replaces) {
        return new Indexed(RecordMapper.map(DID, "app.bsky.feed.post", "p1", "bafy" + text, Map.of("$type",
                "app.bsky.feed.post", "text", text, "createdAt", "2024-05-01T12:00:00Z"),
                "2024-05-01T12:00:00.000Z"), replaces);
    }

    @Test
    void aCreateThenADeleteLeavesOnlyTheRemoval() {
        ChangeSet changes = new ChangeSet();
        changes.add(put("one", false));
        changes.add(new Removed(URI));

        assertThat(changes.removed()).containsExactly(URI);
        assertThat(changes.indexed()).isEmpty();
    }

    @Test
    void aCreateThenAnUpdateWritesTheUpdateOnceAfterRemovingAnyEarlierVersion() {
        ChangeSet changes = new ChangeSet();
        changes.add(put("one", false));
        changes.add(put("two", true));

        assertThat(changes.removed()).containsExactly(URI);
        assertThat(changes.indexed()).extracting(r -> r.record().cid()).containsExactly("bafytwo");
    }

    @Test
    void aNewRecordRemovesNothingAndARejectedOneIsQuarantined() {
        ChangeSet changes = new ChangeSet();
        changes.add(put("one", false));
        QuarantinedInput bad = new QuarantinedInput(1L, "firehose", "seq 2", DID, "no", null);
        changes.add(new Rejected("at://" + DID + "/app.bsky.feed.post/p2", false, bad));

        assertThat(changes.removed()).isEmpty();
        assertThat(changes.indexed()).hasSize(1);
        assertThat(changes.quarantined()).isEqualTo(List.of(bad));
    }
}
