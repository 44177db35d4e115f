package skybatch.readers.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import skybatch.readers.cid.Cid;
import tools.jackson.databind.JsonNode;

/**
 * ipld/codec-fixtures for dag-cbor: every block decodes and re-encodes to the same bytes (so the same CID, the
 * file's name), except those holding what atproto's data model forbids: floats and CIDv0 links.
 */
class CodecFixturesTest {

    private static final Set<String> FLOATS = Set.of(
            "float--0.5", "float--0.9999999999999999", "float--1.1", "float--1e-323", "float--8.940696716308594e-8",
            "float-0.5", "float-0.9999999999999999", "float-1.1", "float-1.1111111111111112", "float-1e-323",
            "float-8.940696716308594e-8", "float-82497.63712086187",
            "garbage-02", "garbage-03", "garbage-05", "garbage-06", "garbage-07", "garbage-09", "garbage-11",
            "garbage-14", "garbage-15", "garbage-16", "garbage-17", "garbage-18", "garbage-19", "garbage-20",
            "garbage-22", "garbage-24");
    private static final Set<String> CID_V0_LINKS = Set.of(
            "cid-QmQg1v4o9xdT3Q14wh4S7dxZkDjyZ9ssFzFzyep1YrVJBY", "cid-QmRgutAxd8t7oGkSm4wmeuByG6M51wcTso6cubDdQtuEfL",
            "cid-QmXg9Pp2ytZ14xgmQjYEiHjVjMFXzCVVEcRTWJBmLgR39V", "cid-arrayof", "cid-mapof",
            "dagpb_11unnamedlinks+data", "dagpb_1link", "dagpb_2link+data", "dagpb_4namedlinks+data",
            "dagpb_7unnamedlinks+data");

    @Test
    void blocksRoundTripByteForByteOrAreRejectedForAReason() throws IOException {
        List<Path> files;
        try (var walk = Files.walk(CborFixtures.path("codec-fixtures/fixtures"))) {
            files = walk.filter(p -> p.toString().endsWith(".dag-cbor")).sorted().toList();
        }
        assertThat(files).hasSize(128);
        int roundTripped = 0;
        for (Path file : files) {
            String name = file.getParent().getFileName().toString();
            byte[] block = Files.readAllBytes(file);
            if (FLOATS.contains(name)) {
                assertThatThrownBy(() -> DagCborDecoder.decode(block)).as(name).hasMessageContaining("floating-point");
            } else if (CID_V0_LINKS.contains(name)) {
                assertThatThrownBy(() -> DagCborDecoder.decode(block)).as(name).hasMessageContaining("CIDv0");
            } else {
                byte[] reencoded = DagCborEncoder.encode(DagCborDecoder.decode(block));
                assertThat(reencoded).as(name).isEqualTo(block);
                String cid = file.getFileName().toString().replace(".dag-cbor", "");
                assertThat(Cid.compute(Cid.DAG_CBOR, reencoded).toString()).as(name).isEqualTo(cid);
                roundTripped++;
            }
        }
        assertThat(roundTripped).isEqualTo(128 - FLOATS.size() - CID_V0_LINKS.size());
    }

    @Test
    void floatsAreReportedWhereTheyStart() throws IOException {
        byte[] block = Files.readAllBytes(onlyFile("garbage-20"));
        assertThatThrownBy(() -> DagCborDecoder.decode(block))
                .isInstanceOfSatisfying(DagCborException.class, e -> assertThat(e.offset()).isEqualTo(2));
        assertThat(block[2] & 0xff).isEqualTo(0xfb);
    }

    @Test
    void negativeFixturesAreRejected() {
        JsonNode cases = CborFixtures.json("codec-fixtures/negative-fixtures/dag-cbor/decode/duplicate-keys.json");
        assertThat(cases.size()).isEqualTo(1);
        for (JsonNode c : cases) {
            byte[] block = HexFormat.of().parseHex(c.get("hex").stringValue());
            assertThatThrownBy(() -> DagCborDecoder.decode(block))
                    .as(c.get("name").stringValue())
                    .isInstanceOf(DagCborException.class)
                    .hasMessageContaining(c.get("error").stringValue());
        }
    }

    private static Path onlyFile(String fixture) throws IOException {
        try (var files = Files.list(CborFixtures.path("codec-fixtures/fixtures/" + fixture))) {
            return files.filter(p -> p.toString().endsWith(".dag-cbor")).findFirst().orElseThrow();
        }
    }
}
