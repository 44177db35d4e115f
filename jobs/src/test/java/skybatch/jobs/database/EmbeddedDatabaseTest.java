package skybatch.jobs.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skybatch.jobs.testing.CliRun;
import skybatch.jobs.testing.CliRun.Result;
import skybatch.readers.testing.ChildJvm;

/**
 * The embedded PostgreSQL, used when DATABASE_URL is not set: the first command starts it and leaves it running,
 * the next attach to the same server, {@code db status} and {@code db stop} show and stop it.
 */
class EmbeddedDatabaseTest {

    private static final Pattern PID = Pattern.compile("pid\\s+(\\d+)");

    @TempDir
    Path home;

    @BeforeEach
    void useEmbedded() {
        System.setProperty("skybatch.home", home.toString());
        System.setProperty("skybatch.database-url", "");
    }

    @AfterEach
    void stopAndForget() {
        CliRun.run("db", "stop", "--fast");
        System.clearProperty("skybatch.home");
        System.clearProperty("skybatch.database-url");
    }

    @Test
    void theFirstCommandLeavesTheServerRunningAndTheNextAttachToIt() {
        assertThat(CliRun.run("db", "status").exitCode()).isEqualTo(1);

        assertThat(CliRun.run("jobs", "list").exitCode()).isZero();
        Result running = CliRun.run("db", "status");
        assertThat(running.exitCode()).isZero();
        assertThat(running.out()).contains("embedded").contains(home.resolve("pgdata").toString());
        long pid = pid(running.out());
        assertThat(ProcessHandle.of(pid)).isPresent();

        assertThat(CliRun.run("jobs", "list").exitCode()).isZero();
        assertThat(pid(CliRun.run("db", "status").out())).as("the second command attached").isEqualTo(pid);

        Result stop = CliRun.run("db", "stop");
        assertThat(stop.exitCode()).isZero();
        assertThat(stop.out()).contains("stopped");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        Result stopped = CliRun.run("db", "status", "--json");
        assertThat(stopped.exitCode()).isEqualTo(1);
        assertThat(stopped.out()).contains("\"running\":false");
    }

    @Test
    void aPidFileLeftBehindByAGoneServerDoesNotStopTheNextStart() throws Exception {
        EmbeddedServer server = new EmbeddedServer(home);
        startInAnotherProcess();
        long gone = server.running().orElseThrow().pid();
        ProcessHandle.of(gone).orElseThrow().destroyForcibly();
        ProcessHandle.of(gone).orElseThrow().onExit().join();
        // as after a power loss: the file stays, and its pid now belongs to another program (this JVM)
        Path pidFile = server.dataDirectory().resolve("postmaster.pid");
        Files.writeString(pidFile, Files.readString(pidFile)
                .replaceFirst("^\\d+", Long.toString(ProcessHandle.current().pid())));
        assertThat(server.running()).isEmpty();

        assertThat(server.portStartingIfNeeded()).isPositive();
        assertThat(server.running().orElseThrow().pid()).isNotIn(gone, ProcessHandle.current().pid());
    }

    @Test
    void dataMadeByAnotherVersionIsNamedInTheError() throws Exception {
        EmbeddedServer server = new EmbeddedServer(home);
        startInAnotherProcess();
        assertThat(CliRun.run("db", "stop").exitCode()).isZero();
        Files.writeString(server.dataDirectory().resolve("PG_VERSION"), "9.6\n");

        assertThatThrownBy(server::portStartingIfNeeded)
                .hasMessageContaining("was made by PostgreSQL 9.6")
                .hasMessageContaining("brings PostgreSQL " + EmbeddedServer.bundledMajorVersion())
                .hasMessageContaining("move " + server.dataDirectory() + " away");
    }

    /** Starts the server from a process of its own, which leaves it running when it exits, as a command does. */
    private void startInAnotherProcess() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(ChildJvm.command("128m", StartServer.class, home.toString()))
                .redirectErrorStream(true).redirectOutput(home.resolve("command.log").toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(home.resolve("command.log"))).isZero();
    }

    private static long pid(String status) {
        Matcher matcher = PID.matcher(status);
        assertThat(matcher.find()).as(status).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    /** What a command does first when DATABASE_URL is not set. */
    static final class StartServer {
        public static void main(String[] args) {
            new EmbeddedServer(Path.of(args[0])).portStartingIfNeeded();
        }
    }
}
