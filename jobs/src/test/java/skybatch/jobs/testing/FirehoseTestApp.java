package skybatch.jobs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.util.FileSystemUtils;
import skybatch.readers.firehose.Journal;

/**
 * A test class's firehose application ({@link SkybatchTestApp#firehose}) on a journal of its own, as a JUnit
 * extension: started when first asked for, so that a test instance's fields may hold it, kept for all the class's
 * tests (the journal and the tail's position carry on from test to test), and closed after them, its journal
 * deleted.
 * {@code @RegisterExtension static final FirehoseTestApp firehose = new FirehoseTestApp(3);}
 */
public final class FirehoseTestApp implements AfterAllCallback {

    private final int chunkSize;
    private Path directory;
    private SkybatchTestApp app;

    /** @param chunkSize how many events the tail applies per chunk */
    public FirehoseTestApp(int chunkSize) {
        this.chunkSize = chunkSize;
    }

    public SkybatchTestApp app() {
        if (app == null) {
            try {
                directory = Files.createTempDirectory("skybatch-firehose");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            app = SkybatchTestApp.firehose(directory.resolve("journal"), chunkSize);
        }
        return app;
    }

    public Journal journal() {
        return app().bean(Journal.class);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (app != null) {
            app.close();
            app = null;
            FileSystemUtils.deleteRecursively(directory);
        }
    }
}
