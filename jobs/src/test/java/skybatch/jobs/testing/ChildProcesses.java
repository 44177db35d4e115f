package skybatch.jobs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.LongSupplier;
import org.springframework.jdbc.core.JdbcTemplate;
import skybatch.jobs.SkybatchApplication;
import skybatch.readers.testing.ChildJvm;

/**
 * {@code bin/skybatch} commands in child JVMs for the kill -9 tests: each one's output in a log file of its own in
 * a directory, SIGKILL once it has committed far enough, and every log of the directory for an assertion's message.
 */
public final class ChildProcesses {

    private static final Duration STALL = Duration.ofSeconds(120);

    private final Path dir;

    public ChildProcesses(Path dir) {
        this.dir = dir;
    }

    /** Starts the command in a JVM of its own (512 MB heap) with these environment variables. */
    public Process start(Map<String, String> environment, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(ChildJvm.command("512m", SkybatchApplication.class, args))
                .redirectErrorStream(true).redirectOutput(dir.resolve("process-" + System.nanoTime() + ".log").toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    /**
     * SIGKILLs the process once {@code applied} reaches {@code seq}; fails when it ends or stalls before (two
     * minutes).
     *
     * @return whether it was still running when killed (not done already)
     */
    public boolean killAfter(Process process, LongSupplier applied, long seq) throws Exception {
        Instant deadline = Instant.now().plus(STALL);
        while (applied.getAsLong() < seq) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("the process ended or stalled before seq " + seq + ": " + logs());
            }
            Thread.sleep(10);
        }
        boolean running = process.isAlive();
        process.destroyForcibly().waitFor();
        return running;
    }

    /** Every log written so far. */
    public String logs() throws IOException {
        StringBuilder text = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path log : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                text.append(Files.readString(log)).append('\n');
            }
        }
        return text.toString();
    }

    /** {@code SELECT max(seq)} of the tails' positions, 0 while there are none (or no schema yet). */
    public static long appliedSeq(JdbcTemplate jdbc) {
        try {
            Long seq = jdbc.queryForObject("SELECT max(seq) FROM skybatch.firehose_position", Long.class);
            return seq == null ? 0 : seq;
        } catch (RuntimeException schemaNotThereYet) {
            return 0;
        }
    }
}
