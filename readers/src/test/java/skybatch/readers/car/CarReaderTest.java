package skybatch.readers.car;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import skybatch.readers.cid.Cid;
import skybatch.readers.cid.Varint;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CarReaderTest {

    private static final String SAMPLE_ROOT = "bafy2bzaced4ueelaegfs5fqu4tzsh6ywbbpfk3cxppupmxfdhbpbhzawfw5oy";

    @Test
    void readsAtprotosCarFixture() throws IOException {
        JsonNode fixture = JsonMapper.shared()
                .readTree(CarFixtures.path("atproto/packages/repo/tests/car-file-fixtures.json"))
                .get(0);
        byte[] car = Base64.getDecoder().decode(fixture.get("car").stringValue());

        try (CarReader reader = CarReader.open(new ByteArrayInputStream(car))) {
            assertThat(reader.header().version()).isEqualTo(1);
            assertThat(reader.header().roots()).containsExactly(Cid.parse(fixture.get("root").stringValue()));
            List<CarBlock> blocks = CarFixtures.readAll(reader);
            assertThat(blocks).hasSize(fixture.get("blocks").size());
            for (int i = 0; i < blocks.size(); i++) {
                JsonNode expected = fixture.get("blocks").get(i);
                assertThat(blocks.get(i).cid().toString()).isEqualTo(expected.get("cid").stringValue());
                assertThat(blocks.get(i).data())
                        .isEqualTo(Base64.getDecoder().decode(expected.get("bytes").stringValue()));
            }
        }
    }

    @Test
    void readsAndVerifiesAGenericCarv1() throws IOException {
        try (CarReader reader = CarReader.open(CarFixtures.open("go-car/cmd/car/testdata/inputs/sample-v1.car"))) {
            assertThat(reader.header().roots()).containsExactly(Cid.parse(SAMPLE_ROOT));
            List<CarBlock> blocks = CarFixtures.readAll(reader);
            assertThat(blocks).hasSize(1049);
            assertThat(blocks).filteredOn(b -> b.cid().codec() == Cid.RAW).hasSize(6);
            assertThat(blocks.get(0).offset()).isEqualTo(61);
        }
    }

    @Test
    void unwrapsCarv2ToTheSameBlocks() throws IOException {
        List<CarBlock> v1;
        try (CarReader reader = CarReader.open(CarFixtures.open("go-car/cmd/car/testdata/inputs/sample-v1.car"))) {
            v1 = CarFixtures.readAll(reader);
        }
        try (CarReader reader = CarReader.open(CarFixtures.open("go-car/v2/testdata/sample-wrapped-v2.car"))) {
            assertThat(reader.header().version()).isEqualTo(2);
            assertThat(reader.header().roots()).containsExactly(Cid.parse(SAMPLE_ROOT));
            List<CarBlock> v2 = CarFixtures.readAll(reader);
            assertThat(v2).extracting(CarBlock::cid).containsExactlyElementsOf(v1.stream().map(CarBlock::cid).toList());
            // The inner CARv1 starts at the data offset, 51 bytes in (11 of pragma, 40 of header).
            assertThat(v2.get(0).offset()).isEqualTo(v1.get(0).offset() + 51);
        }
    }

    @Test
    void keepsRepeatedSectionsOfA2023RepositoryExport() throws IOException {
        try (CarReader reader = CarReader.open(CarFixtures.open("indigo/testing/testdata/fakermaker.repo.car"))) {
            assertThat(reader.header().roots()).containsExactly(
                    Cid.parse("bafyreia4dc3fd74u673yvxw4ytedf4h6hlodeorgrq6bf5v42g2mdn2xcy"));
            List<CarBlock> blocks = CarFixtures.readAll(reader);
            assertThat(blocks).hasSize(690);
            assertThat(blocks.stream().map(CarBlock::cid).distinct()).hasSize(682);
        }
    }

    @Test
    void readsEveryBlockOfTheCodecFixturesCar() throws IOException {
        List<Cid> cids = new ArrayList<>();
        try (CarReader reader = CarReader.open(CarFixtures.open("codec-fixtures/fixtures.car"))) {
            assertThat(reader.header().roots()).isEmpty();
            CarFixtures.readAll(reader).forEach(b -> cids.add(b.cid()));
        }
        try (var files = Files.walk(CarFixtures.path("codec-fixtures/fixtures"))) {
            List<Cid> named = files.map(Path::getFileName).map(Path::toString)
                    .filter(n -> n.endsWith(".dag-cbor") || n.endsWith(".dag-json"))
                    .map(n -> Cid.parse(n.substring(0, n.lastIndexOf('.'))))
                    .toList();
            assertThat(named).hasSize(256);
            assertThat(cids).containsAll(named);
        }
    }

    @Test
    void rejectsGarbageHeaderLength() {
        assertFailsAt("go-car/cmd/car/testdata/inputs/badheaderlength.car", 0, "invalid header length");
    }

    @Test
    void rejectsGarbageSectionLengthAfterAValidHeader() {
        assertFailsAt("go-car/cmd/car/testdata/inputs/badsectionlength.car", 18, "invalid section length");
    }

    @Test
    void rejectsUnsupportedVersion() {
        assertFailsAt("go-car/v2/testdata/sample-rootless-v42.car", 0, "unsupported CAR version 42");
    }

    @Test
    void rejectsTruncatedHeader() {
        assertFailsAt("go-car/v2/testdata/sample-corrupt-pragma.car", 1, "header truncated: 15 of 18 bytes");
    }

    @Test
    void rejectsEmptyInput() {
        assertThatThrownBy(() -> CarReader.open(new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(CarException.class)
                .hasMessageContaining("empty input");
    }

    @Test
    void rejectsZeroLengthSectionsAfterReadingTheBlocksBeforeThem() throws IOException {
        for (String file : List.of("go-car/v2/testdata/sample-v1-with-zero-len-section.car",
                "go-car/v2/testdata/sample-v1-with-zero-len-section2.car")) {
            try (CarReader reader = CarReader.open(CarFixtures.open(file))) {
                List<CarBlock> before = new ArrayList<>();
                CarException error = readUntilError(reader, before);
                assertThat(error).as(file).hasMessageContaining("invalid section length 0");
                assertThat(before).as(file).isNotEmpty();
                CarBlock last = before.get(before.size() - 1);
                long lastSectionEnd = last.offset() + sectionLength(last);
                assertThat(error.offset()).as(file).isEqualTo(lastSectionEnd);
            }
        }
    }

    @Test
    void rejectsATruncatedLastSection() throws IOException {
        try (CarReader reader = CarReader.open(CarFixtures.open("go-car/v2/testdata/sample-v1-tailing-corrupt-section.car"))) {
            List<CarBlock> before = new ArrayList<>();
            CarException error = readUntilError(reader, before);
            assertThat(before).hasSize(1048);
            assertThat(error).hasMessageContaining("section truncated");
            assertThat(error.offset()).isGreaterThan(before.get(1047).offset()).isLessThan(479894);
        }
    }

    @Test
    void rejectsABlockWhoseBytesDoNotMatchItsCid() throws IOException {
        byte[] car = Files.readAllBytes(CarFixtures.path("repo-stream/car-samples/tiny.car"));
        long secondBlock;
        try (CarReader reader = CarReader.open(new ByteArrayInputStream(car))) {
            reader.next();
            secondBlock = reader.next().offset();
        }
        car[(int) secondBlock + 45] ^= 1; // past the section's varint and 36-byte CID: inside the data

        try (CarReader reader = CarReader.open(new ByteArrayInputStream(car))) {
            reader.next();
            assertThatThrownBy(reader::next)
                    .isInstanceOfSatisfying(CarException.class, e -> assertThat(e.offset()).isEqualTo(secondBlock))
                    .hasMessageContaining("does not hash to its CID");
        }
    }

    private static CarException readUntilError(CarReader reader, List<CarBlock> blocks) {
        try {
            for (CarBlock block; (block = reader.next()) != null; ) {
                blocks.add(block);
            }
        } catch (CarException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a CarException after " + blocks.size() + " blocks");
    }

    /** Section length including its varint prefix. */
    private static long sectionLength(CarBlock block) {
        long body = block.cid().byteLength() + block.data().length;
        return Varint.encodedLength(body) + body;
    }

    private static void assertFailsAt(String file, long offset, String message) {
        assertThatThrownBy(() -> {
            try (CarReader reader = CarReader.open(CarFixtures.open(file))) {
                CarFixtures.readAll(reader);
            }
        })
                .isInstanceOfSatisfying(CarException.class, e -> assertThat(e.offset()).isEqualTo(offset))
                .hasMessageContaining(message);
    }
}
