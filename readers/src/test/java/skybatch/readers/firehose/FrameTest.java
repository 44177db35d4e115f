package skybatch.readers.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import skybatch.readers.cbor.DagCborEncoder;

class FrameTest {

    @Test
    void decodesAMessagesHeaderAndBody() {
        byte[] bytes = frame(Map.of("op", 1L, "t", "#commit"), Map.of("seq", 42L, "repo", "did:plc:abc"));

        Frame frame = Frame.decode(bytes);

        assertThat(frame.op()).isEqualTo(Frame.MESSAGE);
        assertThat(frame.type()).isEqualTo("#commit");
        assertThat(frame.isError()).isFalse();
        assertThat(frame.seq()).hasValue(42);
        assertThat(frame.body()).containsEntry("repo", "did:plc:abc");
    }

    @Test
    void decodesAnErrorAndAnInfo() {
        Frame error = Frame.decode(frame(Map.of("op", -1L),
                Map.of("error", "FutureCursor", "message", "Cursor in the future.")));
        Frame info = Frame.decode(frame(Map.of("op", 1L, "t", "#info"), Map.of("name", "OutdatedCursor")));

        assertThat(error.isError()).isTrue();
        assertThat(error.type()).isNull();
        assertThat(error.name()).isEqualTo("FutureCursor");
        assertThat(error.message()).isEqualTo("Cursor in the future.");
        assertThat(error.seq()).isEmpty();
        assertThat(info.name()).isEqualTo("OutdatedCursor");
        assertThat(info.seq()).isEmpty();
    }

    @Test
    void namesTheByteOffsetOfWhatIsWrong() {
        byte[] header = DagCborEncoder.encode(Map.of("op", 1L, "t", "#commit"));
        byte[] truncated = concat(header, new byte[] {(byte) 0xa1, 0x63});

        assertThatThrownBy(() -> Frame.decode(truncated))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessageContaining("at byte offset " + (header.length + 1))
                .satisfies(e -> assertThat(((InvalidFrameException) e).offset()).isEqualTo(header.length + 1));
    }

    @Test
    void refusesFramesOfTheWrongShape() {
        byte[] body = DagCborEncoder.encode(Map.of("seq", 1L));
        assertInvalid(DagCborEncoder.encode(List.of(1L)), "the header is not a map");
        assertInvalid(concat(DagCborEncoder.encode(Map.of("op", 2L)), body), "op is 2");
        assertInvalid(concat(DagCborEncoder.encode(Map.of("op", 1L)), body), "no type t");
        assertInvalid(concat(DagCborEncoder.encode(Map.of("op", 1L, "t", "#x")), DagCborEncoder.encode("text")),
                "the body is not a map");
        assertInvalid(concat(frame(Map.of("op", 1L, "t", "#x"), Map.of()), new byte[] {0}), "1 bytes after the body");
        assertInvalid(new byte[0], "unexpected end of input at byte offset 0");
    }

    private static void assertInvalid(byte[] bytes, String problem) {
        assertThatThrownBy(() -> Frame.decode(bytes)).isInstanceOf(InvalidFrameException.class)
                .hasMessageContaining(problem);
    }

    static byte[] frame(Map<String, Object> header, Map<String, Object> body) {
        return concat(DagCborEncoder.encode(header), DagCborEncoder.encode(body));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
