package skybatch.jobs.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.boot.convert.DurationStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import skybatch.jobs.SkybatchProperties;
import skybatch.jobs.database.EmbeddedServer;
import skybatch.jobs.database.EmbeddedServer.Running;
import skybatch.writers.support.DatabaseUrl;
import tools.jackson.databind.json.JsonMapper;

/** {@code db status} and {@code db stop}: the embedded PostgreSQL that runs in the background between commands. */
@Command(name = "db", mixinStandardHelpOptions = true,
        description = "The embedded PostgreSQL (used when DATABASE_URL is not set): the first command that needs it "
                + "starts it under SKYBATCH_HOME and leaves it running for the next ones.",
        subcommands = {DbCommand.Status.class, DbCommand.Stop.class})
class DbCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    private static EmbeddedServer embedded(SkybatchProperties settings) {
        return new EmbeddedServer(settings.homeDirectory());
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Which PostgreSQL skybatch uses; for the embedded one: running or not, pid, port, version, "
                    + "data folder and log. Exit code 0 when it runs (or DATABASE_URL answers), 1 when not.")
    static class Status implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print JSON")
        boolean json;

        @Override
        public Integer call() {
            SkybatchProperties settings = Settings.read();
            Map<String, Object> status = new LinkedHashMap<>();
            boolean up;
            if (!settings.databaseUrl().isBlank()) {
                String url = DatabaseUrl.toJdbc(settings.databaseUrl().trim());
                status.put("database", "DATABASE_URL");
                status.put("url", url.replaceAll("password=[^&]*", "password=***"));
                Optional<String> version = serverVersion(url);
                up = version.isPresent();
                status.put("running", up);
                version.ifPresent(v -> status.put("version", v));
            } else {
                EmbeddedServer server = embedded(settings);
                Optional<Running> running = server.running();
                up = running.isPresent();
                status.put("database", "embedded");
                status.put("running", up);
                running.ifPresent(r -> {
                    status.put("pid", r.pid());
                    status.put("port", r.port());
                    status.put("since", r.started().toString());
                    serverVersion(EmbeddedServer.jdbcUrl(r.port())).ifPresent(v -> status.put("version", v));
                });
                status.put("data", server.dataDirectory().toString());
                server.dataVersion().ifPresent(v -> status.put("dataVersion", v));
                status.put("log", server.logFile().toString());
            }
            print(spec.commandLine().getOut(), status);
            return up ? ExitCodes.COMPLETED : ExitCodes.FAILED;
        }

        private void print(PrintWriter out, Map<String, Object> status) {
            if (json) {
                out.println(JsonMapper.shared().writeValueAsString(status));
                return;
            }
            status.forEach((key, value) -> out.printf("%-12s %s%n", key, value));
        }

        private static Optional<String> serverVersion(String jdbcUrl) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl);
                    Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SHOW server_version")) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            } catch (SQLException unreachable) {
                return Optional.empty();
            }
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop the embedded PostgreSQL. It waits for connected commands (a running job) to end "
                    + "unless --fast, which rolls their transactions back: such jobs end FAILED and can be "
                    + "restarted with jobs restart.")
    static class Stop implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--fast", description = "Disconnect running commands instead of waiting for them")
        boolean fast;

        @Option(names = "--wait", defaultValue = "30s", paramLabel = "DURATION",
                description = "How long to wait for it to stop (default ${DEFAULT-VALUE})")
        String wait;

        private Duration waitFor() {
            try {
                return DurationStyle.detectAndParse(wait);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--wait takes a duration like 30s or 2m, not '" + wait + "'");
            }
        }

        @Override
        public Integer call() throws IOException, InterruptedException {
            SkybatchProperties settings = Settings.read();
            PrintWriter out = spec.commandLine().getOut();
            if (!settings.databaseUrl().isBlank()) {
                throw new IllegalArgumentException("DATABASE_URL is set: skybatch does not run that PostgreSQL, "
                        + "so it does not stop it");
            }
            EmbeddedServer server = embedded(settings);
            Optional<Running> running = server.running();
            if (running.isEmpty()) {
                out.println("the embedded PostgreSQL is not running (" + server.dataDirectory() + ")");
                return ExitCodes.COMPLETED;
            }
            if (server.stop(running.get(), fast, waitFor())) {
                out.println("stopped the embedded PostgreSQL (pid " + running.get().pid() + ")");
                return ExitCodes.COMPLETED;
            }
            spec.commandLine().getErr().println("skybatch: the embedded PostgreSQL (pid " + running.get().pid()
                    + ") is still running after " + wait + ": commands are still connected (a running job?); "
                    + "stop them first (jobs stop), or use db stop --fast");
            return ExitCodes.FAILED;
        }
    }
}
