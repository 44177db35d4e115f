package skybatch.bench.plc;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import skybatch.bench.CpuSampler;
import skybatch.jobs.cli.SkybatchCli;
import skybatch.writers.support.DatabaseUrl;

/**
 * bench/plc-import: the PLC import with the real CLI, on both of its paths, each against a plain COPY measured in
 * the same run.
 *
 * <ol>
 *   <li>The first load: N synthetic operations into an empty database. Baseline: the final rows of the three
 *       tables, copied out, the tables emptied, and copied back in by binary COPY in random key order
 *       ({@code ORDER BY md5(did)}), into the same tables with the same indexes.
 *   <li>The incremental merge: a second export of 0.2 N newer operations (updates of existing DIDs and new ones) onto
 *       the filled tables. Baseline: the rows it wrote (the DIDs it changed), deleted (and vacuumed away), then
 *       copied back in the same way, into the same filled tables with the same indexes.
 * </ol>
 *
 * <p>The import's time is its job execution's, from the job repository (start-up and migrations not included); ops/s
 * counts the export's operations, for the baseline too (the rate at which the same work is done). The load average
 * is printed before and after.
 *
 * <p>Usage: {@code PlcImportBenchmark <operations of the first export> <output folder> [--exports-only]} (the
 * latter only writes the exports, to do it before taking the benchmark lock); DATABASE_URL names the server
 * (default the local one), on which the database SKYBATCH_BENCH_DATABASE (default {@code skybatch_bench}) is dropped
 * and created.
 */
public final class PlcImportBenchmark {

    private static final List<String> TABLES = List.of("skybatch.actor_identity", "bsky.actor", "bsky.did_cache");

    public static void main(String[] args) throws Exception {
        long operations = Long.parseLong(args[0]);
        long newer = operations / 5;
        Path folder = Path.of(args[1]);
        Path first = folder.resolve("export-" + operations + ".jsonl");
        Path second = folder.resolve("export-" + operations + "-newer-" + newer + ".jsonl");
        if (!Files.exists(first) || !Files.exists(second)) {
            writeExports(operations, newer, folder, first, second);
        }
        if (args.length > 2 && args[2].equals("--exports-only")) {
            return;
        }
        String server = DatabaseUrl.toJdbc(System.getenv().getOrDefault("DATABASE_URL",
                "postgresql://postgres@127.0.0.1:5432/postgres"));
        String name = System.getenv().getOrDefault("SKYBATCH_BENCH_DATABASE", "skybatch_bench");
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("SKYBATCH_BENCH_DATABASE must be a plain name: " + name);
        }
        String bench = server.replaceFirst("(jdbc:postgresql://[^/?]*)(/[^?]*)?", "$1/" + name);
        execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        execute(server, "CREATE DATABASE " + name);
        System.setProperty("skybatch.database-url", bench);
        String loadBefore = loadAverage();

        Run load;
        Baseline loadCopy;
        Run merge;
        Baseline mergeCopy;
        CpuSampler cpu = CpuSampler.start(server, name);
        try {
            load = importPlc(bench, first, cpu);
            try (Connection connection = DriverManager.getConnection(bench)) {
                loadCopy = plainCopy(connection, "true", cpu);
            }
            merge = importPlc(bench, second, cpu);
            try (Connection connection = DriverManager.getConnection(bench)) {
                mergeCopy = plainCopy(connection, "did IN (SELECT did FROM skybatch.actor_identity WHERE updated_at"
                        + " >= '" + merge.started + "')", cpu);
            }
        } finally {
            cpu.stop();
        }
        String loadAfter = loadAverage();

        System.out.printf("%nplc-import benchmark (load average before: %s; after: %s)%n", loadBefore, loadAfter);
        report("first load, empty database", operations, first, load, loadCopy, 1.0, 45_000);
        report("incremental, filled tables", newer, second, merge, mergeCopy, 0.6, 0);
        execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** One import: its job execution's time, start and CPU, and each step's. */
    private record Run(Duration job, String started, Cpu cpu, Map<String, Step> steps) {}

    private record Step(Duration time, Cpu cpu) {}

    /** CPU seconds of this JVM (the CLI runs in it) and of the database's backends. */
    private record Cpu(double jvm, double server) {

        static Cpu between(CpuSampler sampler, long from, long to) {
            double fromSeconds = from / 1e3;
            double toSeconds = to / 1e3;
            return new Cpu(sampler.secondsBetween(fromSeconds, toSeconds),
                    sampler.backendSecondsBetween(fromSeconds, toSeconds));
        }

        String perOperation(long operations) {
            return String.format("CPU per op: JVM %.1f us, PostgreSQL %.1f us", jvm * 1e6 / operations,
                    server * 1e6 / operations);
        }
    }

    private record Baseline(Duration time, Cpu cpu, Map<String, Long> rows) {}

    private static Run importPlc(String bench, Path export, CpuSampler cpu) throws Exception {
        int exit = SkybatchCli.run("import-plc", "--source", export.toString());
        if (exit != 0) {
            throw new IllegalStateException("the import of " + export + " failed with exit code " + exit);
        }
        try (Connection connection = DriverManager.getConnection(bench); Statement statement = connection.createStatement()) {
            long execution;
            Duration job;
            String started;
            Cpu jobCpu;
            try (ResultSet rs = statement.executeQuery("SELECT job_execution_id, extract(epoch FROM end_time - start_time),"
                    + " start_time, end_time FROM skybatch.batch_job_execution ORDER BY job_execution_id DESC LIMIT 1")) {
                rs.next();
                execution = rs.getLong(1);
                job = seconds(rs.getDouble(2));
                started = rs.getString(3);
                jobCpu = Cpu.between(cpu, rs.getTimestamp(3).getTime(), rs.getTimestamp(4).getTime());
            }
            Map<String, Step> steps = new LinkedHashMap<>();
            try (ResultSet rs = statement.executeQuery("SELECT step_name, extract(epoch FROM end_time - start_time),"
                    + " start_time, end_time FROM skybatch.batch_step_execution WHERE job_execution_id = " + execution
                    + " AND step_name NOT LIKE '%:partition%' ORDER BY step_execution_id")) {
                while (rs.next()) {
                    steps.put(rs.getString(1), new Step(seconds(rs.getDouble(2)),
                            Cpu.between(cpu, rs.getTimestamp(3).getTime(), rs.getTimestamp(4).getTime())));
                }
            }
            return new Run(job, started, jobCpu, steps);
        }
    }

    /**
     * Copies the rows {@code which} selects out of the three tables in random key order, deletes them (all: the
     * tables truncated; some: deleted and vacuumed, as if the tables had never held them), and times copying them
     * back in, in one transaction.
     */
    private static Baseline plainCopy(Connection connection, String which, CpuSampler cpu) throws Exception {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        // the rows wait in files, not in the heap: a 5,000,000-operation export's did_cache alone is 2.3 GB
        Map<String, Path> data = new LinkedHashMap<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TEMP TABLE chosen AS SELECT did FROM skybatch.actor_identity WHERE " + which);
                for (String table : TABLES) {
                    Path file = Files.createTempFile("plc-plain-copy-", ".bin");
                    data.put(table, file);
                    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                        rows.put(table.substring(table.indexOf('.') + 1), copy.copyOut("COPY (SELECT * FROM " + table
                                + " WHERE did IN (SELECT did FROM chosen) ORDER BY md5(did)) TO STDOUT (FORMAT binary)",
                                out));
                    }
                }
                if (which.equals("true")) {
                    statement.execute("TRUNCATE " + String.join(", ", TABLES));
                } else {
                    for (String table : TABLES) {
                        statement.execute("DELETE FROM " + table + " WHERE did IN (SELECT did FROM chosen)");
                        statement.execute("VACUUM " + table);
                    }
                }
                statement.execute("DROP TABLE chosen");
                statement.execute("CHECKPOINT");
            }
            long started = System.nanoTime();
            long startedAt = System.currentTimeMillis();
            connection.setAutoCommit(false);
            for (Map.Entry<String, Path> table : data.entrySet()) {
                try (InputStream in = new BufferedInputStream(Files.newInputStream(table.getValue()), 1 << 16)) {
                    copy.copyIn("COPY " + table.getKey() + " FROM STDIN (FORMAT binary)", in);
                }
            }
            connection.commit();
            connection.setAutoCommit(true);
            Duration time = Duration.ofNanos(System.nanoTime() - started);
            Thread.sleep(100); // a sample after the end
            return new Baseline(time, Cpu.between(cpu, startedAt, System.currentTimeMillis() - 50), rows);
        } finally {
            for (Path file : data.values()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static void report(String what, long operations, Path export, Run run, Baseline baseline, double ratioTarget,
            long rateTarget) throws IOException {
        double importRate = operations / secondsOf(run.job);
        double copyRate = operations / secondsOf(baseline.time);
        System.out.printf("%n%s: %,d operations from %s (%,d MB)%n", what, operations, export.getFileName(),
                Files.size(export) >> 20);
        System.out.printf("  import (job):       %6.1f s  %,10.0f ops/s   %s%n", secondsOf(run.job), importRate,
                run.cpu.perOperation(operations));
        run.steps.forEach((step, time) -> System.out.printf("    %-20s %6.1f s   %s%n", step, secondsOf(time.time),
                time.cpu.perOperation(operations)));
        System.out.printf("  plain COPY %s: %6.1f s  %,10.0f ops/s   %s%n", baseline.rows, secondsOf(baseline.time),
                copyRate, baseline.cpu.perOperation(operations));
        System.out.printf("  ratio import / plain COPY: %.2f   (target >= %.1f)%s%n", importRate / copyRate, ratioTarget,
                rateTarget > 0 ? String.format("   target >= %,d ops/s: %s", rateTarget,
                        importRate >= rateTarget ? "met" : "NOT met") : "");
    }

    /** The first {@code operations} lines of one synthetic export, and the {@code newer} after them. */
    private static void writeExports(long operations, long newer, Path folder, Path first, Path second)
            throws IOException {
        Files.createDirectories(folder);
        Path whole = folder.resolve("export-whole.tmp");
        SyntheticPlcExport.write(operations + newer, whole, 42);
        try (BufferedReader in = Files.newBufferedReader(whole, StandardCharsets.UTF_8);
                BufferedWriter older = Files.newBufferedWriter(first, StandardCharsets.UTF_8);
                BufferedWriter later = Files.newBufferedWriter(second, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = in.readLine()) != null) {
                (number++ < operations ? older : later).write(line + "\n");
            }
        }
        Files.delete(whole);
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    private static double secondsOf(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static void execute(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
