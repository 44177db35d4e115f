package skybatch.bench.backfill;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import skybatch.bench.BenchDatabase;
import skybatch.bench.CpuSampler;
import skybatch.jobs.cli.SkybatchCli;
import skybatch.jobs.testing.FakePds;
import skybatch.jobs.testing.TestRepository;
import skybatch.jobs.testing.TestSigner;
import skybatch.readers.cbor.DagCborDecoder;
import skybatch.readers.mst.RecordWalk;
import skybatch.readers.mst.RepoRecord;
import skybatch.readers.repo.RepoArchive;
import skybatch.writers.record.RecordMapper;

/**
 * bench/backfill: generated repositories served by the tests' PDS stand-in on 127.0.0.1, backfilled by the real CLI
 * into an empty database (the first-load path), in two shapes: one repository of N records, and R repositories of
 * M records. For each, the backfill's steps from the job repository, and in the same run the baseline: a plain
 * binary COPY of the final rows of every table the backfill filled, in random key order ({@code ORDER BY
 * md5(row)}), into the same tables with the same indexes, after a checkpoint; and the ratio; and the CPU time per
 * record of each step in this JVM and in the database's backends, and of the plain COPY's backend. Before that, reading
 * the one large CAR (every block hashed), walking its MST and decoding (and mapping) every record in this JVM: the
 * client's ceiling. The load average is printed before and after.
 *
 * <p>Usage: {@code BackfillBenchmark <records> <repositories> <records per repository>}; DATABASE_URL names the
 * server (default the local one), on which the database {@code skybatch_bench} (or SKYBATCH_BENCH_DATABASE) is
 * dropped and created for each shape, and dropped at the end.
 */
public final class BackfillBenchmark {

    public static void main(String[] args) throws Exception {
        int records = Integer.parseInt(args[0]);
        int repositories = Integer.parseInt(args[1]);
        int perRepository = Integer.parseInt(args[2]);
        System.out.printf("%nbackfill benchmark, load average before: %s%n", loadAverage());
        TestSigner signer = new TestSigner("bench");

        TestRepository.Car large = SyntheticRepository.generate(records).car(signer);
        System.out.printf("one repository of %,d records, CAR %,d MB%n", records, large.bytes().length >> 20);
        double parse = bestOf(3, () -> walk(large.bytes(), false));
        double map = bestOf(3, () -> walk(large.bytes(), true));
        System.out.printf("  parse + walk + decode:        %6.2f s  %,10.0f records/s   (best of 3)%n", parse,
                records / parse);
        System.out.printf("  parse + walk + decode + map:  %6.2f s  %,10.0f records/s   (best of 3)%n", map,
                records / map);
        Map<String, byte[]> one = new LinkedHashMap<>();
        one.put(SyntheticRepository.DID, large.bytes());
        backfillAndCopy(one, records);

        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i < repositories; i++) {
            String did = SyntheticRepository.did(i);
            many.put(did, SyntheticRepository.generate(did, perRepository, (long) i * perRepository).car(signer)
                    .bytes());
        }
        System.out.printf("%d repositories of %,d records%n", repositories, perRepository);
        backfillAndCopy(many, (long) repositories * perRepository);
        BenchDatabase.drop();
        System.out.printf("load average after: %s%n", loadAverage());
    }

    /** The CLI's backfill of these repositories into a fresh database, then the plain COPY of what it wrote. */
    private static void backfillAndCopy(Map<String, byte[]> cars, long records) throws Exception {
        String bench = BenchDatabase.fresh();
        System.setProperty("skybatch.database-url", bench);
        System.setProperty("skybatch.allow-addresses", "127.0.0.1"); // the PDS stand-in
        try (FakePds pds = new FakePds(); Connection connection = DriverManager.getConnection(bench)) {
            cars.forEach(pds::repo);
            CpuSampler cpu = CpuSampler.start(bench, BenchDatabase.name());
            long started = System.nanoTime();
            int exit = SkybatchCli.run("backfill", "--pds", pds.url(), "--no-verify-signatures");
            double cli = (System.nanoTime() - started) / 1e9;
            cpu.stop();
            if (exit != 0) {
                throw new IllegalStateException("the backfill failed with exit code " + exit);
            }
            double writing = BenchDatabase.stepSeconds(connection, "backfillReposStep");
            double indexes = BenchDatabase.stepSeconds(connection, "backfillIndexesStep");
            double fullRecount = BenchDatabase.stepSeconds(connection, "backfillFullRecountStep");
            double threads = BenchDatabase.stepSeconds(connection, "backfillThreadsStep");
            double counting = BenchDatabase.stepSeconds(connection, "backfillAggregatesStep");
            // the threads step and the full recount run at once: the steps' time is from the records step's start to
            // the last step's end
            double[] span = {CpuSampler.stepWindow(connection, "backfillReposStep")[0],
                    CpuSampler.stepWindow(connection, "backfillAggregatesStep")[1]};
            double steps = span[1] - span[0];
            Map<String, Long> rows = new LinkedHashMap<>();
            double[] copyCpu = new double[1];
            double copy = plainCopy(connection, rows, copyCpu);
            long total = rows.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("  backfill, its steps:          %6.2f s  %,10.0f records/s   (records %.2f s, indexes"
                    + " %.2f s, flags and notifications %.2f s beside the full recount %.2f s, noted counts %.2f s;"
                    + " whole CLI run, start-up and migrations included: %.1f s)%n", steps, records / steps, writing,
                    indexes, threads, fullRecount, counting, cli);
            System.out.printf("  CPU per record (this JVM / PostgreSQL's backends, us):%s%n", cpuPerRecord(connection,
                    cpu, records, span, "backfillReposStep", "backfillIndexesStep",
                    "backfillThreadsStep+backfillFullRecountStep", "backfillAggregatesStep"));
            System.out.printf("  plain COPY, random key order: %6.2f s  %,10.0f records/s   (%,d rows: %s)%n", copy,
                    records / copy, total, rows);
            System.out.printf("  plain COPY's backend CPU per record: %.1f us%n", copyCpu[0] * 1e6 / records);
            System.out.printf("  ratio backfill / plain COPY:  %.2f   (targets: >= 0.8 and >= 25,000 records/s)"
                    + "   load average: %s%n", copy / steps, loadAverage());
        }
    }

    /**
     * Each step's CPU per record in this JVM and in the database's backends (steps joined by {@code +} run at once:
     * their window together), and that of the whole span of the steps.
     */
    private static String cpuPerRecord(Connection connection, CpuSampler cpu, long records, double[] span,
            String... steps) throws Exception {
        StringBuilder figures = new StringBuilder();
        for (String step : steps) {
            double[] window = {Double.MAX_VALUE, 0};
            for (String together : step.split("\\+")) {
                double[] one = CpuSampler.stepWindow(connection, together);
                window[0] = Math.min(window[0], one[0]);
                window[1] = Math.max(window[1], one[1]);
            }
            figures.append(String.format(" %s %.1f / %.1f;", step.replace("backfill", "").replace("Step", ""),
                    cpu.secondsBetween(window[0], window[1]) * 1e6 / records,
                    cpu.backendSecondsBetween(window[0], window[1]) * 1e6 / records));
        }
        return figures.append(String.format(" all %.1f / %.1f", cpu.secondsBetween(span[0], span[1]) * 1e6 / records,
                cpu.backendSecondsBetween(span[0], span[1]) * 1e6 / records)).toString();
    }

    /** Reads the CAR, walks it and decodes every record (and maps it to rows); returns the seconds taken. */
    private static double walk(byte[] car, boolean map) throws Exception {
        long started = System.nanoTime();
        long seen = 0;
        try (RepoArchive archive = RepoArchive.read(new ByteArrayInputStream(car), 1L << 30,
                Path.of(System.getProperty("java.io.tmpdir")))) {
            for (RecordWalk walk = archive.records(); walk.hasNext(); ) {
                RepoRecord record = walk.next();
                Map<String, Object> value = DagCborDecoder.decodeMap(record.data());
                if (map) {
                    RecordMapper.map(SyntheticRepository.DID, record.collection(), record.rkey(),
                            record.cid().toString(), value, "2026-01-01T00:00:00.000Z");
                }
                seen++;
            }
        }
        if (seen == 0) {
            throw new IllegalStateException("the repository has no records");
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private static double bestOf(int runs, Timed timed) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            best = Math.min(best, timed.seconds());
        }
        return best;
    }

    /** The dataplane's tables that hold rows (the backfill filled them: the schema starts empty). */
    private static List<String> filledTables(Connection connection) throws Exception {
        List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet names = statement.executeQuery("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = 'bsky' AND table_type = 'BASE TABLE'"
                        + " AND table_name <> 'kysely_migration' AND table_name <> 'kysely_migration_lock'"
                        + " ORDER BY table_name")) {
            while (names.next()) {
                tables.add(names.getString(1));
            }
        }
        List<String> filled = new ArrayList<>();
        for (String table : tables) {
            try (Statement statement = connection.createStatement();
                    ResultSet any = statement.executeQuery("SELECT EXISTS (SELECT FROM bsky.\"" + table + "\")")) {
                any.next();
                if (any.getBoolean(1)) {
                    filled.add(table);
                }
            }
        }
        return filled;
    }

    /**
     * Copies the written rows out in random key order, empties their tables, and times copying the same rows back
     * in, in one transaction.
     */
    private static double plainCopy(Connection connection, Map<String, Long> rows, double[] backendCpu)
            throws Exception {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        List<String> tables = filledTables(connection);
        List<byte[]> data = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        for (String table : tables) {
            columns.add(storedColumns(connection, table));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            rows.put(table, copy.copyOut("COPY (SELECT " + columns.get(columns.size() - 1) + " FROM bsky.\"" + table
                    + "\" t ORDER BY md5(t::text)) TO STDOUT (FORMAT binary)", out));
            data.add(out.toByteArray());
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE " + String.join(", ", tables.stream().map(t -> "bsky.\"" + t + "\"")
                    .toList()));
            statement.execute("CHECKPOINT");
        }
        int backend = connection.unwrap(PGConnection.class).getBackendPID();
        double cpuBefore = CpuSampler.processSeconds(backend);
        long started = System.nanoTime();
        connection.setAutoCommit(false);
        for (int i = 0; i < tables.size(); i++) {
            copy.copyIn("COPY bsky.\"" + tables.get(i) + "\" (" + columns.get(i) + ") FROM STDIN (FORMAT binary)",
                    new ByteArrayInputStream(data.get(i)));
        }
        connection.commit();
        connection.setAutoCommit(true);
        double seconds = (System.nanoTime() - started) / 1e9;
        backendCpu[0] = CpuSampler.processSeconds(backend) - cpuBefore;
        return seconds;
    }

    /** The table's columns that COPY writes (not the generated ones), quoted, in order. */
    private static String storedColumns(Connection connection, String table) throws Exception {
        List<String> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet names = statement.executeQuery("SELECT column_name FROM information_schema.columns"
                        + " WHERE table_schema = 'bsky' AND table_name = '" + table + "' AND is_generated = 'NEVER'"
                        + " ORDER BY ordinal_position")) {
            while (names.next()) {
                columns.add('"' + names.getString(1) + '"');
            }
        }
        return String.join(", ", columns);
    }

    private static String loadAverage() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    @FunctionalInterface
    private interface Timed {
        double seconds() throws Exception;
    }
}
