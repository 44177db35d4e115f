package skybatch.readers.plc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DidPartitionTest {

    private static boolean elsewhere(DidPartition share, String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return share.ownedElsewhere(bytes, bytes.length);
    }

    @Test
    void theBytesGiveEachLineTheShareItsTextGivesIt() {
        List<DidPartition> shares = List.of(new DidPartition(0, 3), new DidPartition(1, 3), new DidPartition(2, 3));
        for (int i = 0; i < 300; i++) {
            String line = "{\"cid\":\"é\",\"did\":\"did:plc:" + Integer.toString(i * 7919, 36) + "\",\"x\":\"ü\"}";
            long owners = shares.stream().filter(share -> share.owns(line)).count();
            assertThat(owners).isEqualTo(1);
            for (DidPartition share : shares) {
                assertThat(elsewhere(share, line)).as("%s of %s", line, share).isEqualTo(!share.owns(line));
            }
        }
    }

    @Test
    void aLineOfAsciiIsTheShareItsTextGivesIt() {
        List<DidPartition> shares = List.of(new DidPartition(0, 3), new DidPartition(1, 3), new DidPartition(2, 3));
        List<String> lines = List.of("{\"cid\":\"x\"}", "{\"did\":\"did:plc:unterminated", "",
                "{\"did\":\"did:plc:abc\",\"did\":\"did:plc:def\"}");
        for (int i = 0; i < 300; i++) {
            String line = i < lines.size() ? lines.get(i)
                    : "{\"cid\":\"x\",\"did\":\"did:plc:" + Integer.toString(i * 7919, 36) + "\"}";
            byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
            for (DidPartition share : shares) {
                assertThat(share.owns(bytes, bytes.length)).as("%s of %s", line, share).isEqualTo(share.owns(line));
            }
            assertThat(DidPartition.ALL.owns(bytes, bytes.length)).isTrue();
        }
    }

    @Test
    void aLineTheBytesCannotPlaceIsLeftToTheDecodedText() {
        DidPartition share = new DidPartition(1, 2);
        assertThat(elsewhere(share, "{\"cid\":\"x\"}")).isFalse();
        assertThat(elsewhere(share, "{\"did\":\"did:plc:é\"}")).isFalse();
        assertThat(elsewhere(share, "{\"did\":\"did:plc:unterminated")).isFalse();
        assertThat(elsewhere(DidPartition.ALL, "{\"did\":\"did:plc:abc\"}")).isFalse();
    }
}
