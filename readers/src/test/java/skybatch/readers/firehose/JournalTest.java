package skybatch.readers.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:10:00.123456789Z");

    @TempDir
    Path dir;

    @Test
    void readsBackWhatWasAppendedInOrderWithSeqTimeAndBytes() {
        try (Journal journal = Journal.open(dir)) {
            assertThat(journal.lastSeq()).isEmpty();
            assertThat(journal.lastIndex()).isEqualTo(Journal.START);
            journal.append(7, T0, bytes("first"));
            journal.append(9, T0.plusMillis(1), bytes("second"));

            List<JournalEntry> entries = readAll(journal, Journal.START);

            assertThat(entries).extracting(JournalEntry::seq).containsExactly(7L, 9L);
            assertThat(entries).extracting(JournalEntry::receivedAt).containsExactly(T0, T0.plusMillis(1));
            assertThat(entries).extracting(entry -> text(entry.frame())).containsExactly("first", "second");
            assertThat(entries.get(0).index()).isLessThan(entries.get(1).index());
            assertThat(journal.firstIndex()).isEqualTo(entries.get(0).index());
            assertThat(journal.lastIndex()).isEqualTo(entries.get(1).index());
            assertThat(journal.lastSeq()).hasValue(9);
            assertThat(journal.sizeBytes()).isPositive();
        }
    }

    @Test
    void readsAfterAnIndexAndPollsForWhatIsAppendedLater() {
        try (Journal journal = Journal.open(dir)) {
            journal.append(1, T0, bytes("a"));
            journal.append(2, T0, bytes("b"));
            long first = readAll(journal, Journal.START).get(0).index();

            try (JournalReader reader = journal.readAfter(first)) {
                assertThat(reader.next().seq()).isEqualTo(2);
                assertThat(reader.next()).isNull();
                journal.append(3, T0, bytes("c"));
                assertThat(reader.next().seq()).isEqualTo(3);
                assertThat(reader.next()).isNull();
            }
        }
    }

    @Test
    void keepsEverythingAcrossARestartAndAnotherProcessReadsWhileOneAppends() {
        try (Journal journal = Journal.open(dir)) {
            journal.append(10, T0, bytes("kept"));
        }
        try (Journal writer = Journal.open(dir); Journal reader = Journal.open(dir)) {
            assertThat(writer.lastSeq()).hasValue(10);
            writer.append(11, T0, bytes("more"));

            assertThat(readAll(reader, Journal.START)).extracting(JournalEntry::seq).containsExactly(10L, 11L);
            assertThat(reader.lastSeq()).hasValue(11);
        }
    }

    @Test
    void appendingGoesOnAfterAnotherInstanceOnTheSameDirectoryClosed() {
        try (Journal writer = Journal.open(dir)) {
            writer.append(1, T0, bytes("before"));
            for (int i = 0; i < 3; i++) {
                try (Journal status = Journal.open(dir)) {
                    assertThat(status.lastSeq()).hasValue(1 + i * 1000L);
                }
                for (int j = 1; j <= 1000; j++) {
                    writer.append(1 + i * 1000L + j, T0, new byte[2000]);
                }
            }
            assertThat(readAll(writer, Journal.START)).hasSize(3001);
        }
    }

    @Test
    void releasesWholeAppliedHoursOlderThanTheRetentionOnly() throws Exception {
        MovableClock clock = new MovableClock(T0);
        try (Journal journal = Journal.open(dir, clock)) {
            journal.append(1, clock.instant(), bytes("hour 9"));
            clock.advance(Duration.ofHours(1));
            journal.append(2, clock.instant(), bytes("hour 10"));
            clock.advance(Duration.ofHours(1));
            journal.append(3, clock.instant(), bytes("hour 11"));
            List<JournalEntry> all = readAll(journal, Journal.START);
            assertThat(hourFiles()).hasSize(3);

            // Applied into hour 11, but hour 10 ended only 50 minutes ago: only hour 9 goes.
            assertThat(journal.release(all.get(2).index(), Duration.ofMinutes(60))).isEqualTo(1);
            assertThat(hourFiles()).hasSize(2);
            assertThat(readAll(journal, Journal.START)).extracting(JournalEntry::seq).containsExactly(2L, 3L);

            // Hour 10 is old enough but holds what was not applied yet.
            clock.advance(Duration.ofHours(5));
            assertThat(journal.release(all.get(1).index(), Duration.ZERO)).isZero();
            assertThat(journal.release(all.get(2).index(), Duration.ZERO)).isEqualTo(1);
            assertThat(readAll(journal, Journal.START)).extracting(JournalEntry::seq).containsExactly(3L);
            // A position in a released hour reads on from the first entry kept.
            assertThat(readAll(journal, all.get(0).index())).extracting(JournalEntry::seq).containsExactly(3L);
            assertThat(journal.lastSeq()).hasValue(3);
        }
    }

    @Test
    void refusesAnIndexThatIsNotThisJournals() {
        try (Journal journal = Journal.open(dir)) {
            journal.append(1, T0, bytes("only"));
            long past = journal.lastIndex() + 1_000;

            assertThatThrownBy(() -> journal.readAfter(past))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no entry at index " + past);
        }
    }

    @Test
    void chronicleUsageStatisticsAreNotOnTheClassPath() {
        // The parent pom excludes net.openhft:chronicle-analytics, so nothing in the journal can phone home.
        assertThatThrownBy(() -> Class.forName("net.openhft.chronicle.analytics.Analytics"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    private List<Path> hourFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(path -> path.toString().endsWith(".cq4")).toList();
        }
    }

    private static List<JournalEntry> readAll(Journal journal, long after) {
        List<JournalEntry> entries = new ArrayList<>();
        try (JournalReader reader = journal.readAfter(after)) {
            for (JournalEntry entry = reader.next(); entry != null; entry = reader.next()) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A clock the test moves forward, to make the journal roll into a new hour. */
    static final class MovableClock extends Clock {

        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
