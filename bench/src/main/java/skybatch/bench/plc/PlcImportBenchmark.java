package skybatch.bench.plc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import skybatch.jobs.cli.SkybatchCli;
import skybatch.writers.support.DatabaseUrl;

/**
 * bench/plc-import: imports a synthetic export of N operations with the real CLI, then times a plain COPY of the
 * same final rows into the same tables (indexes and all), and prints operations per second and the ratio.
 * The baseline, plain COPY, is the fastest PostgreSQL can take those rows; the import also parses, merges and
 * keeps the latest operation per DID.
 *
 * <p>Usage: {@code PlcImportBenchmark <export file> <operations in it>}; DATABASE_URL names the server (default
 * the local one), on which the database {@code skybatch_bench} is dropped and created.
 */
public final class PlcImportBenchmark {

    private static final List<String> TABLES = List.of("skybatch.actor_identity", "bsky.actor", "bsky.did_cache");

    public static void main(String[] args) throws Exception {
        Path export = Path.of(args[0]);
        long operations = Long.parseLong(args[1]);
        String server = DatabaseUrl.toJdbc(System.getenv().getOrDefault("DATABASE_URL",
                "postgresql://postgres@127.0.0.1:5432/postgres"));
        String bench = server.replaceFirst("(jdbc:postgresql://[^/?]*)(/[^?]*)?", "$1/skybatch_bench");
        execute(server, "DROP DATABASE IF EXISTS skybatch_bench WITH (FORCE)");
        execute(server, "CREATE DATABASE skybatch_bench");

        System.setProperty("skybatch.database-url", bench);
        long started = System.nanoTime();
        int exit = SkybatchCli.run("import-plc", "--source", export.toString());
        Duration cli = Duration.ofNanos(System.nanoTime() - started);
        if (exit != 0) {
            throw new IllegalStateException("the import failed with exit code " + exit);
        }
        try (Connection connection = DriverManager.getConnection(bench)) {
            Duration step = stepDuration(connection);
            Map<String, Long> rows = new LinkedHashMap<>();
            Duration copy = plainCopy(connection, rows);
            double importRate = operations / seconds(step);
            double copyRate = operations / seconds(copy);
            System.out.printf("%nplc-import benchmark, %,d operations from %s (%,d MB)%n", operations,
                    export.getFileName(), Files.size(export) >> 20);
            System.out.printf("  import step:        %6.1f s  %,10.0f ops/s   (whole CLI run, start-up and migrations"
                    + " included: %.1f s)%n", seconds(step), importRate, seconds(cli));
            System.out.printf("  plain COPY (%s): %6.1f s  %,10.0f ops/s%n", rows, seconds(copy), copyRate);
            System.out.printf("  ratio import / plain COPY: %.2f   (target >= 0.50)%n", importRate / copyRate);
            System.out.printf("  target >= 100,000 ops/s: %s%n", importRate >= 100_000 ? "met" : "NOT met");
        }
    }

    private static Duration stepDuration(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT extract(epoch FROM end_time - start_time)"
                        + " FROM skybatch.batch_step_execution ORDER BY step_execution_id DESC LIMIT 1")) {
            rs.next();
            return Duration.ofNanos(Math.round(rs.getDouble(1) * 1e9));
        }
    }

    /** Copies the tables out, empties them, and times copying the same rows back in. */
    private static Duration plainCopy(Connection connection, Map<String, Long> rows) throws Exception {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        Map<String, byte[]> data = new LinkedHashMap<>();
        for (String table : TABLES) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            rows.put(table.substring(table.indexOf('.') + 1), copy.copyOut("COPY " + table + " TO STDOUT (FORMAT binary)", out));
            data.put(table, out.toByteArray());
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE " + String.join(", ", TABLES));
            statement.execute("CHECKPOINT");
        }
        long started = System.nanoTime();
        connection.setAutoCommit(false);
        for (Map.Entry<String, byte[]> table : data.entrySet()) {
            copy.copyIn("COPY " + table.getKey() + " FROM STDIN (FORMAT binary)", new ByteArrayInputStream(table.getValue()));
        }
        connection.commit();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static void execute(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
