package skybatch.jobs.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skybatch.writers.support.DatabaseUrl;

/**
 * The PostgreSQL skybatch talks to: the one DATABASE_URL names, or an embedded one whose data stays under
 * SKYBATCH_HOME between runs. A second skybatch process (say {@code jobs stop} while an import runs) finds the
 * embedded server already running from its postmaster.pid and connects to it instead of starting another.
 */
public final class DatabaseServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseServer.class);

    private final String jdbcUrl;
    private final EmbeddedPostgres embedded;

    private DatabaseServer(String jdbcUrl, EmbeddedPostgres embedded) {
        this.jdbcUrl = jdbcUrl;
        this.embedded = embedded;
    }

    public static DatabaseServer connect(String databaseUrl, Path home) {
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            return new DatabaseServer(DatabaseUrl.toJdbc(databaseUrl.trim()), null);
        }
        Path dataDirectory = home.resolve("pgdata");
        Optional<Integer> runningPort = runningPort(dataDirectory);
        if (runningPort.isPresent()) {
            log.info("DATABASE_URL is not set: using the embedded PostgreSQL already running on port {} ({})",
                    runningPort.get(), dataDirectory);
            return new DatabaseServer(url(runningPort.get()), null);
        }
        try {
            Files.createDirectories(dataDirectory);
            // skybatch stops the server itself, after a stopping job has written its last chunk
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false).setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60)).start();
            log.info("DATABASE_URL is not set: started an embedded PostgreSQL on port {}, data in {}",
                    postgres.getPort(), dataDirectory);
            return new DatabaseServer(url(postgres.getPort()), postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /** The port of a server already running on this data directory, read from its postmaster.pid. */
    private static Optional<Integer> runningPort(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile);
            long pid = Long.parseLong(lines.get(0).trim());
            if (lines.size() > 3 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return Optional.of(Integer.parseInt(lines.get(3).trim()));
            }
        } catch (IOException | RuntimeException notRunning) {
            // no pid file, or a stale one: start a server
        }
        return Optional.empty();
    }

    private static String url(int port) {
        return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}
