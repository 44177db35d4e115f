package skybatch.jobs.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A PostgreSQL server's {@code postmaster.pid}: its pid, start time (seconds since the epoch) and port on the
 * first, third and fourth lines. The file stays behind when a server is killed, so its pid may be gone, or reused.
 */
record PostmasterPid(long pid, Instant started, int port) {

    static final String FILE = "postmaster.pid";

    static Optional<PostmasterPid> read(Path dataDirectory) {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve(FILE));
            return Optional.of(new PostmasterPid(Long.parseLong(lines.get(0).trim()),
                    Instant.ofEpochSecond(Long.parseLong(lines.get(2).trim())), Integer.parseInt(lines.get(3).trim())));
        } catch (IOException | RuntimeException noServer) {
            // no file, or one cut short by a crash while it was written
            return Optional.empty();
        }
    }

    /** Whether the pid is alive and is a PostgreSQL server, not another program that got the number since. */
    boolean isPostgres() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(true))
                .orElse(false);
    }
}
