package skybatch.jobs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import skybatch.jobs.SkybatchApplication;
import skybatch.readers.testing.ChildJvm;

/**
 * The CLI in JVMs of its own ({@link ChildJvm}), for tests that interrupt it for real (SIGKILL, SIGTERM): each
 * process on the test's database and settings, its output in a log file of the test's directory.
 */
public final class ChildCli {

    private final Path dir;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final AtomicInteger started = new AtomicInteger();

    public ChildCli(Path dir, String databaseUrl) {
        this.dir = dir;
        environment.put("DATABASE_URL", databaseUrl);
    }

    /** A setting every process gets, as an environment variable. */
    public ChildCli with(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public Process start(String... args) throws IOException {
        List<String> command = ChildJvm.command("512m", SkybatchApplication.class, args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("process-" + started.incrementAndGet() + ".log").toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** SIGKILL, and the wait until it is gone. */
    public static void kill(Process process) throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** What every process printed, in the order they started. */
    public String logs() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= started.get(); i++) {
            Path log = dir.resolve("process-" + i + ".log");
            if (Files.exists(log)) {
                text.append("--- process ").append(i).append('\n').append(Files.readString(log)).append('\n');
            }
        }
        return text.toString();
    }
}
