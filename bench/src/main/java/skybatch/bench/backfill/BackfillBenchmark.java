package skybatch.bench.backfill;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import skybatch.bench.BenchDatabase;
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
 * bench/backfill: a generated repository of N records, served by the tests' PDS stand-in on 127.0.0.1. Times
 * (1) reading the CAR (every block hashed), walking the MST and decoding every record, alone and with the mapping
 * to rows, in this JVM; (2) the real CLI's {@code backfill} of that PDS into PostgreSQL, from the job repository's
 * step times; (3) a plain binary COPY of the rows the backfill wrote back into the same tables, indexes and all: the
 * fastest PostgreSQL here takes those rows.
 *
 * <p>Usage: {@code BackfillBenchmark <records>}; DATABASE_URL names the server (default the local one), on which
 * the database {@code skybatch_bench} is dropped and created.
 */
public final class BackfillBenchmark {

    private static final List<String> TABLES = List.of("record", "post", "feed_item", "post_embed_image",
            "post_embed_external", "like", "repost", "follow", "actor_block", "list", "list_item", "post_agg",
            "profile_agg", "notification");

    public static void main(String[] args) throws Exception {
        int records = Integer.parseInt(args[0]);
        TestRepository.Car car = SyntheticRepository.generate(records).car(new TestSigner("bench"));
        System.out.printf("%nbackfill benchmark: one repository of %,d records, CAR %,d MB%n", records,
                car.bytes().length >> 20);

        double parse = bestOf(3, () -> walk(car.bytes(), false));
        double map = bestOf(3, () -> walk(car.bytes(), true));
        System.out.printf("  parse + walk + decode:        %6.2f s  %,10.0f records/s   (best of 3)%n", parse,
                records / parse);
        System.out.printf("  parse + walk + decode + map:  %6.2f s  %,10.0f records/s   (best of 3)%n", map,
                records / map);

        String bench = BenchDatabase.fresh();
        System.setProperty("skybatch.database-url", bench);
        System.setProperty("skybatch.allow-addresses", "127.0.0.1"); // the PDS stand-in
        try (FakePds pds = new FakePds()) {
            pds.repo(SyntheticRepository.DID, car.bytes());
            long started = System.nanoTime();
            int exit = SkybatchCli.run("backfill", "--pds", pds.url(), "--no-verify-signatures");
            double cli = (System.nanoTime() - started) / 1e9;
            if (exit != 0) {
                throw new IllegalStateException("the backfill failed with exit code " + exit);
            }
            try (Connection connection = DriverManager.getConnection(bench)) {
                double writing = BenchDatabase.stepSeconds(connection, "backfillReposStep");
                double threads = BenchDatabase.stepSeconds(connection, "backfillThreadsStep");
                double counting = BenchDatabase.stepSeconds(connection, "backfillAggregatesStep");
                double step = writing + threads + counting;
                Map<String, Long> rows = new LinkedHashMap<>();
                double copy = plainCopy(connection, rows);
                long total = rows.values().stream().mapToLong(Long::longValue).sum();
                System.out.printf("  end to end, backfill steps:   %6.2f s  %,10.0f records/s   (records %.2f s, flags"
                        + " and notifications %.2f s, counts %.2f s; whole CLI run, start-up and migrations included:"
                        + " %.1f s)%n", step, records / step, writing, threads, counting, cli);
                System.out.printf("  plain COPY of its %,d rows:  %6.2f s  %,10.0f records/s   %s%n", total, copy,
                        records / copy, rows);
                System.out.printf("  ratio backfill / plain COPY: %.2f%n", copy / step);
                System.out.printf("  target >= 100,000 records/s end to end: %s%n",
                        records / step >= 100_000 ? "met" : "NOT met");
            }
        }
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

    /** Copies the written rows out, empties the tables, and times copying the same rows back in. */
    private static double plainCopy(Connection connection, Map<String, Long> rows) throws Exception {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        List<byte[]> data = new ArrayList<>();
        for (String table : TABLES) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            rows.put(table, copy.copyOut("COPY bsky.\"" + table + "\" TO STDOUT (FORMAT binary)", out));
            data.add(out.toByteArray());
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE " + String.join(", ", TABLES.stream().map(t -> "bsky.\"" + t + "\"")
                    .toList()));
            statement.execute("CHECKPOINT");
        }
        long started = System.nanoTime();
        connection.setAutoCommit(false);
        for (int i = 0; i < TABLES.size(); i++) {
            copy.copyIn("COPY bsky.\"" + TABLES.get(i) + "\" FROM STDIN (FORMAT binary)",
                    new ByteArrayInputStream(data.get(i)));
        }
        connection.commit();
        return (System.nanoTime() - started) / 1e9;
    }

    @FunctionalInterface
    private interface Timed {
        double seconds() throws Exception;
    }
}
