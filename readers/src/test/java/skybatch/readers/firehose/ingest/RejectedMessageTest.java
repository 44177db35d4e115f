package skybatch.readers.firehose.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import skybatch.readers.firehose.Frame;
import skybatch.readers.firehose.testing.StreamFrames;

class RejectedMessageTest {

    @Test
    void anEntryDecodesToTheRejectionItRecordsAndAStreamMessageToNone() {
        RejectedMessage rejected = new RejectedMessage("oversized", "a message of 9000 bytes", 9000, 17L, 16,
                new byte[RejectedMessage.PREFIX_BYTES + 10]);

        RejectedMessage decoded = RejectedMessage.of(Frame.decode(rejected.toFrame())).orElseThrow();

        assertThat(decoded.reason()).isEqualTo("oversized");
        assertThat(decoded.detail()).isEqualTo("a message of 9000 bytes");
        assertThat(decoded.size()).isEqualTo(9000);
        assertThat(decoded.position()).isEqualTo("seq 17");
        assertThat(decoded.after()).isEqualTo(16);
        assertThat(decoded.prefix()).hasSize(RejectedMessage.PREFIX_BYTES);
        assertThat(RejectedMessage.of(Frame.decode(new RejectedMessage("text", "t", 3, null, 4, new byte[3])
                .toFrame())).orElseThrow().position()).isEqualTo("after seq 4");
        assertThat(RejectedMessage.of(Frame.decode(StreamFrames.identity(5)))).isEmpty();
    }

    @Test
    void theSeqIsReadFromTheFirstBytesOfAMessageCutShort() {
        byte[] labels = StreamFrames.message("#labels", Map.of("seq", 123456L, "labels",
                List.of(Map.of("val", "x".repeat(10_000)))));

        assertThat(RejectedMessage.seqOf(labels)).hasValue(123456L);
        assertThat(RejectedMessage.seqOf(Arrays.copyOf(labels, 200))).hasValue(123456L);
        assertThat(RejectedMessage.seqOf(StreamFrames.commit(99, "did:plc:abc", 5000))).hasValue(99L);
        assertThat(RejectedMessage.seqOf(Arrays.copyOf(labels, 8))).isEmpty();
        assertThat(RejectedMessage.seqOf(new byte[] {(byte) 0xa2, 0x01})).isEmpty();
        assertThat(RejectedMessage.seqOf(StreamFrames.message("#commit", Map.of("repo", "did:plc:noseq")))).isEmpty();
    }
}
