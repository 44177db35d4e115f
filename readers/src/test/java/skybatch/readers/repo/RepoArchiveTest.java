package skybatch.readers.repo;

import skybatch.readers.testing.TestData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import skybatch.readers.car.CarException;
import skybatch.readers.mst.Completeness;
import skybatch.readers.mst.RecordWalk;
import skybatch.readers.mst.RepoRecord;
import skybatch.readers.mst.Repository;

/** Real repositories read with a small heap budget walk exactly as when read whole into memory. */
class RepoArchiveTest {

    private static final Path LITTLE = TestData.path("repo-stream/car-samples/little.car");

    @TempDir
    Path spill;

    private static List<String> records(RecordWalk walk) {
        List<String> records = new ArrayList<>();
        while (walk.hasNext()) {
            RepoRecord r = walk.next();
            records.add(r.path() + " " + r.cid() + " " + java.util.Arrays.hashCode(r.data()));
        }
        return records;
    }

    @ParameterizedTest(name = "heap budget {0} bytes")
    @ValueSource(longs = {0, 64 << 10, 1 << 30})
    void walksAsTheInMemoryRepositoryWhateverTheBudget(long budget) throws IOException {
        Repository whole;
        try (InputStream in = Files.newInputStream(LITTLE)) {
            whole = Repository.read(in, Completeness.FULL);
        }
        try (InputStream in = Files.newInputStream(LITTLE);
                RepoArchive archive = RepoArchive.read(in, budget, spill)) {
            assertThat(archive.commitCid()).isEqualTo(whole.commitCid());
            assertThat(archive.commit().rev()).isEqualTo(whole.commit().rev());
            assertThat(archive.blockCount()).isEqualTo(375);
            List<String> records = records(archive.records());
            assertThat(records).hasSize(278).isEqualTo(records(whole.records()));
            assertThat(archive.spilled()).isEqualTo(budget < (1 << 20));
        }
        assertThat(Files.list(spill).count()).as("no spill file is left").isZero();
    }

    @Test
    void aBlockThatDoesNotMatchItsCidFailsTheReadAndLeavesNoFile() throws IOException {
        byte[] car = Files.readAllBytes(LITTLE);
        car[car.length - 5] ^= 0x40;

        assertThatThrownBy(() -> RepoArchive.read(new ByteArrayInputStream(car), 0, spill))
                .isInstanceOf(CarException.class).hasMessageContaining("does not hash to its CID");
        assertThat(Files.list(spill).count()).isZero();
    }

    @Test
    void theSpillingStoreReturnsEveryBlockFromHeapOrFile() throws IOException {
        try (SpillingBlockStore store = new SpillingBlockStore(10, spill)) {
            skybatch.readers.cid.Cid small = skybatch.readers.cid.Cid.compute(0x55, new byte[] {1, 2, 3});
            skybatch.readers.cid.Cid large = skybatch.readers.cid.Cid.compute(0x55, new byte[100]);
            store.put(small, new byte[] {1, 2, 3});
            store.put(large, new byte[100]);

            assertThat(store.hasSpilled()).isTrue();
            assertThat(store.get(small)).containsExactly(1, 2, 3);
            assertThat(store.get(large)).hasSize(100).containsOnly(0);
            assertThat(store.totalBytes()).isEqualTo(103);
            assertThat(store.get(skybatch.readers.cid.Cid.compute(0x55, new byte[1]))).isNull();
        }
    }
}
