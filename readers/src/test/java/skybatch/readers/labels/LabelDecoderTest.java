package skybatch.readers.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import skybatch.readers.crypto.Curve;
import skybatch.readers.firehose.Frame;
import skybatch.readers.syntax.Did;

class LabelDecoderTest {

    private static final String POST = "at://did:plc:alice/app.bsky.feed.post/3kabc";
    private static final String CID = "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm";

    @ParameterizedTest
    @EnumSource(Curve.class)
    void readsSignedLabelsOfEitherCurve(Curve curve) {
        TestLabeler labeler = new TestLabeler("did:plc:labeler", curve);
        LabelDecoder decoder = decoder(labeler);
        Frame frame = Frame.decode(TestLabeler.message(7,
                labeler.label(POST, CID, "porn", false, "2026-12-01T09:00:00.000Z", "2026-12-08T09:00:00.000Z"),
                labeler.label("did:plc:alice", null, "spam", true, "2026-12-01T09:00:01.000Z", null)));

        List<Label> labels = LabelDecoder.labelsOf(frame).stream().map(decoder::decode).toList();

        assertThat(frame.seq()).hasValue(7);
        assertThat(labels).hasSize(2);
        Label post = labels.get(0);
        assertThat(post.src()).isEqualTo(Did.parse("did:plc:labeler"));
        assertThat(post.subject()).isEqualTo(POST);
        assertThat(post.cid()).isEqualTo(CID);
        assertThat(post.val()).isEqualTo("porn");
        assertThat(post.neg()).isFalse();
        assertThat(post.cts().value()).isEqualTo("2026-12-01T09:00:00.000Z");
        assertThat(post.exp().value()).isEqualTo("2026-12-08T09:00:00.000Z");
        assertThat(labels.get(1).neg()).isTrue();
        assertThat(labels.get(1).cid()).isNull();
        assertThat(labels.get(1).exp()).isNull();
    }

    @Test
    void refusesAForgedSignatureAndAnotherLabelersKey() {
        TestLabeler labeler = new TestLabeler("did:plc:labeler", Curve.K256);
        Map<String, Object> forged = new HashMap<>(labeler.label(POST, null, "spam", false,
                "2026-12-01T09:00:00Z", null));
        forged.put("val", "!takedown");
        TestLabeler impostor = new TestLabeler("did:plc:labeler-impostor", Curve.P256);
        LabelDecoder trusting = new LabelDecoder(Did.parse("did:plc:labeler"), impostor.key().publicKey());

        assertInvalid(decoder(labeler), forged, "the signature does not verify");
        assertInvalid(trusting, labeler.label(POST, null, "spam", false, "2026-12-01T09:00:00Z", null),
                "the signature does not verify");
    }

    @Test
    void refusesALabelFromAnotherSrcAndMalformedOnes() {
        TestLabeler labeler = new TestLabeler("did:plc:labeler", Curve.K256);
        TestLabeler other = new TestLabeler("did:plc:other", Curve.K256);
        LabelDecoder decoder = decoder(labeler);

        assertInvalid(decoder, other.label(POST, null, "spam", false, "2026-12-01T09:00:00Z", null),
                "a label from did:plc:other in the stream of did:plc:labeler");
        assertInvalid(decoder, labeler.label("https://example.com", null, "spam", false, "2026-12-01T09:00:00Z",
                null), "neither a DID nor an AT-URI");
        assertInvalid(decoder, labeler.label(POST, "not-a-cid", "spam", false, "2026-12-01T09:00:00Z", null),
                "is not a CID");
        assertInvalid(decoder, labeler.label(POST, null, "spam", false, "yesterday", null), "the cts 'yesterday'");
        assertInvalid(decoder, labeler.label(POST, null, "x".repeat(129), false, "2026-12-01T09:00:00Z", null),
                "longer than 128 bytes");
        Map<String, Object> unsigned = new HashMap<>(labeler.label(POST, null, "spam", false,
                "2026-12-01T09:00:00Z", null));
        unsigned.remove("sig");
        assertInvalid(decoder, unsigned, "not signed");
    }

    @Test
    void refusesAMessageThatIsNotLabels() {
        Frame info = Frame.decode(skybatch.readers.firehose.testing.StreamFrames.info("OutdatedCursor", "old"));

        assertThatThrownBy(() -> LabelDecoder.labelsOf(info)).isInstanceOf(InvalidLabelException.class)
                .hasMessageContaining("a #info message, not #labels");
    }

    private static LabelDecoder decoder(TestLabeler labeler) {
        return new LabelDecoder(Did.parse(labeler.did()), labeler.key().publicKey());
    }

    private static void assertInvalid(LabelDecoder decoder, Map<String, Object> label, String problem) {
        assertThatThrownBy(() -> decoder.decode(label)).isInstanceOf(InvalidLabelException.class)
                .hasMessageContaining(problem);
    }
}
