package skybatch.readers.car;

import skybatch.readers.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Files under {@code testdata/}, the test data the repository carries. */
final class CarFixtures {

    private CarFixtures() {}

    static Path path(String relative) {
        return TestData.path(relative);
    }

    static InputStream open(String relative) throws IOException {
        return Files.newInputStream(path(relative));
    }

    /** Every block of {@code car} until its end. */
    static List<CarBlock> readAll(CarReader car) throws IOException {
        List<CarBlock> blocks = new ArrayList<>();
        for (CarBlock block; (block = car.next()) != null; ) {
            blocks.add(block);
        }
        return blocks;
    }
}
