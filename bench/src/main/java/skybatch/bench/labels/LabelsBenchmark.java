package skybatch.bench.labels;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.util.FileSystemUtils;
import skybatch.bench.BenchDatabase;
import skybatch.bench.CpuSampler;
import skybatch.jobs.cli.SkybatchCli;
import skybatch.readers.crypto.Curve;
import skybatch.readers.firehose.Journal;
import skybatch.readers.labels.LabelDecoder;
import skybatch.readers.labels.TestLabeler;
import skybatch.readers.syntax.Did;

/**
 * bench/labels: N labels of one labeler (one per {@code #labels} message, as labelers mostly send them, signed
 * with a K-256 test key) in a journal, applied by the real CLI's {@code labels tail --drain} into a fresh
 * database's {@code label} table, timed from the job repository's step times; against a plain binary COPY of the
 * same rows into the same table, indexes and all. Also prints the signature checks per second on one thread, and
 * the CPU this JVM spent in the step (a figure that other load on the machine changes less than the rate).
 *
 * <p>Usage: {@code LabelsBenchmark <labels>}; DATABASE_URL names the server (default the local one), on which the
 * database {@code skybatch_bench} (or SKYBATCH_BENCH_DATABASE) is dropped and created.
 */
public final class LabelsBenchmark {

    private static final String[] VALUES = {"spam", "porn", "sexual", "nudity", "graphic-media", "rude", "!hide"};

    private LabelsBenchmark() {}

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        TestLabeler labeler = new TestLabeler("did:plc:benchlabelerbenchlabeler", Curve.K256);
        List<Map<String, Object>> labels = new ArrayList<>(count);
        Instant cts = Instant.parse("2026-12-01T00:00:00Z");
        for (int i = 0; i < count; i++) {
            String subject = i % 5 == 0 ? "did:plc:subject" + (i / 5) : "at://did:plc:author" + (i % 9973)
                    + "/app.bsky.feed.post/3k" + Integer.toString(i, 36);
            labels.add(labeler.label(subject, null, VALUES[i % VALUES.length], i % 17 == 0,
                    cts.plusMillis(i).toString(), null));
        }
        System.out.printf("%nlabels benchmark: %,d labels of one labeler, one per message%n", count);
        verifyRate(labeler, labels);

        String bench = BenchDatabase.fresh();
        Path journals = Files.createTempDirectory("skybatch-bench-labels");
        try {
            try (Journal journal = Journal.open(journals.resolve(labeler.did()))) {
                for (int i = 0; i < count; i++) {
                    journal.append(i + 1, Instant.now(), TestLabeler.message(i + 1, labels.get(i)));
                }
            }
            System.setProperty("skybatch.database-url", bench);
            System.setProperty("skybatch.labelers", labeler.did() + "=wss://labeler.invalid");
            System.setProperty("skybatch.labels.journals", journals.toString());
            run("jobs", "list"); // migrates the fresh database
            try (Connection connection = DriverManager.getConnection(bench)) {
                seedDocument(connection, labeler);
            }
            CpuSampler cpu = CpuSampler.start();
            long started = System.nanoTime();
            run("labels", "tail", "--drain");
            double cli = (System.nanoTime() - started) / 1e9;
            cpu.stop();
            try (Connection connection = DriverManager.getConnection(bench)) {
                double step = BenchDatabase.stepSeconds(connection, "labelTailStep");
                long rows = countRows(connection);
                double copy = plainCopy(connection);
                System.out.printf("  labels tail, journal -> label:  %6.2f s  %,9.0f labels/s   (%,d rows; whole CLI"
                        + " run, start-up included: %.1f s)%n", step, count / step, rows, cli);
                double[] window = CpuSampler.stepWindow(connection, "labelTailStep");
                double cpuSeconds = cpu.secondsBetween(window[0], window[1]);
                System.out.printf("  this JVM's CPU during the step: %6.2f s  %9.1f us a label (of 2 cores: %.0f%%;"
                        + " PostgreSQL's not counted)%n", cpuSeconds, cpuSeconds * 1e6 / count,
                        100 * cpuSeconds / (2 * step));
                System.out.printf("  plain COPY of the same rows:    %6.2f s  %,9.0f labels/s%n", copy, count / copy);
                System.out.printf("  ratio tail / plain COPY:        %6.2f    target >= 20,000 labels/s: %s%n",
                        copy / step, count / step >= 20_000 ? "met" : "NOT met");
            }
        } finally {
            FileSystemUtils.deleteRecursively(journals);
        }
    }

    /** Signature checks per second on this thread: the tail's fixed cost per label. */
    private static void verifyRate(TestLabeler labeler, List<Map<String, Object>> labels) {
        LabelDecoder decoder = new LabelDecoder(Did.parse(labeler.did()), labeler.key().publicKey());
        int n = Math.min(labels.size(), 20_000);
        for (int i = 0; i < Math.min(n, 2_000); i++) {
            decoder.decode(labels.get(i)); // warm up
        }
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            decoder.decode(labels.get(i));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("  decode + signature check alone: %6.2f s  %,9.0f labels/s   (one thread, %,d labels)%n",
                seconds, n / seconds, n);
    }

    private static void run(String... args) {
        int exit = SkybatchCli.run(args);
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed with exit code " + exit);
        }
    }

    private static void seedDocument(Connection connection, TestLabeler labeler) throws Exception {
        String key = labeler.key().didKey().substring("did:key:".length());
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO skybatch.actor_identity (did, plc_cid, plc_created_at) VALUES ('"
                    + labeler.did() + "', 'bafy', now())");
            statement.execute("INSERT INTO bsky.did_cache (did, doc, \"updatedAt\") VALUES ('" + labeler.did()
                    + "', '{\"id\":\"" + labeler.did() + "\",\"alsoKnownAs\":[],\"verificationMethod\":[{\"id\":\"#atproto_label\","
                    + "\"type\":\"Multikey\",\"controller\":\"" + labeler.did() + "\",\"publicKeyMultibase\":\"" + key
                    + "\"}],\"service\":[]}', 0)");
        }
    }

    private static long countRows(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM bsky.label")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Copies the written rows out, empties the table, and times copying them back in. */
    private static double plainCopy(Connection connection) throws Exception {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copy.copyOut("COPY bsky.label TO STDOUT (FORMAT binary)", out);
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE bsky.label");
        }
        long started = System.nanoTime();
        copy.copyIn("COPY bsky.label FROM STDIN (FORMAT binary)", new ByteArrayInputStream(out.toByteArray()));
        return (System.nanoTime() - started) / 1e9;
    }
}
