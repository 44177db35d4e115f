package skybatch.readers.cid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CidTest {

    private static final String EMPTY_MST = "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm";

    @Test
    void computesTheCidNamingEachCodecFixtureBlock() throws Exception {
        List<Path> files = CidFixtures.dagCborFixtures();
        assertThat(files).hasSizeGreaterThan(100);
        for (Path file : files) {
            String expected = file.getFileName().toString().replace(".dag-cbor", "");
            Cid cid = Cid.compute(Cid.DAG_CBOR, Files.readAllBytes(file));
            assertThat(cid.toString()).as(file.toString()).isEqualTo(expected);
            assertThat(cid.matches(Files.readAllBytes(file))).isTrue();
        }
    }

    @Test
    void binaryFormIsVersionCodecMultihash() {
        Cid cid = Cid.parse(EMPTY_MST);
        byte[] bytes = cid.toBytes();

        assertThat(HexFormat.of().formatHex(bytes, 0, 4)).isEqualTo("01711220");
        assertThat(bytes).hasSize(36);
        assertThat(cid.codec()).isEqualTo(Cid.DAG_CBOR);
        assertThat(cid.hashFunction()).isEqualTo(HashFunction.SHA2_256.code());
        assertThat(cid.digest()).hasSize(32);
        assertThat(Cid.fromBytes(bytes)).isEqualTo(cid).hasSameHashCodeAs(cid);
        assertThat(Cid.fromBytes(bytes).toString()).isEqualTo(EMPTY_MST);
    }

    @Test
    void decodeReadsACidPrefixAndReportsItsLength() {
        byte[] cid = Cid.parse(EMPTY_MST).toBytes();
        byte[] section = new byte[cid.length + 3];
        System.arraycopy(cid, 0, section, 0, cid.length);

        Cid decoded = Cid.decode(section, 0, section.length);

        assertThat(decoded.toString()).isEqualTo(EMPTY_MST);
        assertThat(decoded.byteLength()).isEqualTo(36);
        assertThatThrownBy(() -> Cid.fromBytes(section)).hasMessageContaining("3 bytes after the CID");
    }

    @Test
    void rawCidsUseCodec0x55() {
        byte[] blob = "not really a jpeg".getBytes(StandardCharsets.UTF_8);
        Cid cid = Cid.compute(Cid.RAW, blob);

        assertThat(cid.toString()).startsWith("bafkrei");
        assertThat(Cid.parse(cid.toString()).codec()).isEqualTo(Cid.RAW);
        assertThat(cid.matches(blob)).isTrue();
        assertThat(cid.matches("tampered".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void parsesTheBase32EntriesOfTheValidSyntaxList() throws Exception {
        List<String> base32 = CidFixtures.lines("atproto-interop-tests/syntax/cid_syntax_valid.txt").stream()
                .filter(line -> line.startsWith("b"))
                .toList();
        assertThat(base32).hasSize(2);
        for (String text : base32) {
            assertThat(Cid.parse(text).toString()).isEqualTo(text);
        }
    }

    @Test
    void rejectsEveryLineOfTheInvalidSyntaxList() throws Exception {
        List<String> invalid = CidFixtures.lines("atproto-interop-tests/syntax/cid_syntax_invalid.txt");
        assertThat(invalid).hasSizeGreaterThanOrEqualTo(9);
        for (String text : invalid) {
            assertThatThrownBy(() -> Cid.parse(text)).as(text).isInstanceOf(InvalidCidException.class);
        }
    }

    @Test
    void rejectsCidV0TruncationAndOtherVersions() {
        assertThatThrownBy(() -> Cid.parse("QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR"))
                .hasMessageContaining("CIDv0");
        byte[] truncated = Arrays.copyOf(Cid.parse(EMPTY_MST).toBytes(), 30);
        assertThatThrownBy(() -> Cid.parse("b" + Base32.encode(truncated))).hasMessageContaining("digest of 32 bytes");
        byte[] v2 = Cid.parse(EMPTY_MST).toBytes();
        v2[0] = 2;
        assertThatThrownBy(() -> Cid.fromBytes(v2)).hasMessageContaining("unsupported CID version 2");
    }

    @Test
    void verifyingAnUnknownHashFunctionIsRefused() {
        Cid sha512 = Cid.fromBytes(HexFormat.of().parseHex("01551302abcd"));
        assertThat(sha512.hashFunction()).isEqualTo(0x13);
        assertThatThrownBy(() -> sha512.matches(new byte[0]))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("0x13");
    }
}
