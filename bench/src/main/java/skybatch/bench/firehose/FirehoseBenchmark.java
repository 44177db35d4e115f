package skybatch.bench.firehose;

import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import skybatch.bench.CpuSampler;
import skybatch.jobs.SkybatchApplication;
import skybatch.jobs.firehose.FirehoseTailJobConfiguration;
import skybatch.jobs.firehose.internal.EventDecoder;
import skybatch.jobs.firehose.internal.JournalBatch;
import skybatch.jobs.firehose.internal.LiveEvent;
import skybatch.jobs.firehose.internal.TailMetrics;
import skybatch.jobs.operations.JobRunner;
import skybatch.jobs.testing.TestSigner;
import skybatch.readers.firehose.Journal;
import skybatch.readers.firehose.JournalEntry;
import skybatch.readers.firehose.JournalReader;
import skybatch.sql.SkybatchSchema;
import skybatch.writers.support.DatabaseUrl;

/**
 * bench/firehose: N signed commits of many accounts, in the network's mix (69% likes, 12% posts, 10% reposts, 6%
 * follows, 3% deletes), in a journal. Times (1) decoding and checking them alone (frame, CAR slice, signature), in
 * this JVM, the tail's CPU ceiling; (2) firehoseTailJob draining them into PostgreSQL, signatures checked, from the
 * job repository's step time; (3) receive-to-commit latency at a steady 1,000 events/s with the tail following
 * the journal; and the peak heap.
 *
 * <p>Usage: {@code FirehoseBenchmark <events> <accounts>}; DATABASE_URL names the server (default the local one),
 * on which the database {@code ${SKYBATCH_BENCH_DATABASE_PREFIX:-skybatch_}bench} is dropped and created;
 * {@code -DtailRateFile=PATH} writes the tail's events/s there, for the baseline.
 */
public final class FirehoseBenchmark {

    private static final int STEADY_RATE = 1000;
    private static final int STEADY_SECONDS = Integer.getInteger("steadySeconds", 30);

    public static void main(String[] args) throws Exception {
        int events = Integer.parseInt(args[0]);
        int accounts = Integer.parseInt(args[1]);
        TestSigner key = new TestSigner("bench");
        NetworkMix generator = new NetworkMix(accounts, key);
        Path journalDir = Files.createTempDirectory("skybatch-bench-firehose");
        long appended;
        try (Journal journal = Journal.open(journalDir)) {
            for (int i = 0; i < events; i++) {
                journal.append(i + 1, Instant.now(), generator.next(i + 1));
            }
            appended = journal.lastSeq().orElseThrow();
        }
        System.out.printf("%nfirehose benchmark: %,d commits of %,d accounts (likes 69%%, posts 12%%, reposts 10%%,"
                + " follows 6%%, deletes 3%%)%n", appended, accounts);

        String server = DatabaseUrl.toJdbc(System.getenv().getOrDefault("DATABASE_URL",
                "postgresql://postgres@127.0.0.1:5432/postgres"));
        String name = System.getenv().getOrDefault("SKYBATCH_BENCH_DATABASE_PREFIX", "skybatch_") + "bench";
        String bench = server.replaceFirst("(jdbc:postgresql://[^/?]*)(/[^?]*)?", "$1/" + name);
        execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        execute(server, "CREATE DATABASE " + name);
        try (ConfigurableApplicationContext app = start(bench, journalDir)) {
            storeKeys(bench, generator.dids(), key);
            try (Journal journal = Journal.open(journalDir)) {
                double decode = decodeAlone(app.getBean(EventDecoder.class), journal);
                System.out.printf("  decode + check (CPU ceiling): %6.2f s  %,10.0f events/s%n", decode,
                        appended / decode);
            }
            // the peak heap is the tail's: not the benchmark's own copy of every event above
            System.gc();
            resetPeaks();
            CpuSampler cpu = CpuSampler.start(bench, name);
            JobExecution drained = tail(app, true);
            cpu.stop();
            double step = stepSeconds(bench);
            System.out.printf("  tail into PostgreSQL:         %6.2f s  %,10.0f events/s   (%s; signatures checked)%n",
                    step, appended / step, drained.getStatus());
            try (Connection connection = DriverManager.getConnection(bench)) {
                double[] window = CpuSampler.stepWindow(connection, "firehoseTailStep");
                System.out.printf("  tail's CPU per event:         JVM %.0f us (checks included), PostgreSQL %.0f us%n",
                        cpu.secondsBetween(window[0], window[1]) * 1e6 / appended,
                        cpu.backendSecondsBetween(window[0], window[1]) * 1e6 / appended);
            }
            String rateFile = System.getProperty("tailRateFile");
            if (rateFile != null) {
                // for the @atproto/bsky baseline that bench/firehose/run measures next (BskyIndexerBaseline)
                Files.writeString(Path.of(rateFile), Double.toString(appended / step));
            }
            System.out.printf("  rows: %s%n", counts(bench));
        }
        // an application context of its own, so that its latency histogram holds only the events that arrive at the steady rate
        try (ConfigurableApplicationContext app = start(bench, journalDir)) {
            steady(app, generator, appended);
        }
        System.out.printf("  peak heap (the tail's):       %6d MB%n", peakHeap() >> 20);
    }

    private static ConfigurableApplicationContext start(String bench, Path journalDir) {
        return new SpringApplicationBuilder(SkybatchApplication.class).registerShutdownHook(false).run(
                "--skybatch.database-url=" + bench, "--skybatch.firehose.journal=" + journalDir,
                "--skybatch.identity.plc-url=http://127.0.0.1:9", "--logging.level.skybatch=WARN");
    }

    /** Every journalled event decoded and checked, in parallel as the tail does, without the database. */
    private static double decodeAlone(EventDecoder decoder, Journal journal) {
        List<JournalEntry> entries = new ArrayList<>();
        try (JournalReader reader = journal.readAfter(Journal.START)) {
            for (JournalEntry entry; (entry = reader.next()) != null; ) {
                entries.add(entry);
            }
        }
        long started = System.nanoTime();
        List<LiveEvent> checked = decoder.start(new JournalBatch(entries)).checked().join().events();
        long rejected = checked.stream().filter(LiveEvent.Rejected.class::isInstance).count();
        if (rejected > 0) {
            throw new IllegalStateException(rejected + " of " + entries.size() + " rejected: " + checked.stream()
                    .filter(LiveEvent.Rejected.class::isInstance).findFirst().orElseThrow());
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private static JobExecution tail(ConfigurableApplicationContext app, boolean drain) throws Exception {
        Job job = app.getBean(FirehoseTailJobConfiguration.JOB_NAME, Job.class);
        return app.getBean(JobRunner.class).start(job, new JobParametersBuilder()
                .addString(FirehoseTailJobConfiguration.DRAIN, Boolean.toString(drain))
                .addLong("launched", System.nanoTime()).toJobParameters());
    }

    /** The tail following the journal while commits arrive at STEADY_RATE a second: their receive-to-commit lag. */
    private static void steady(ConfigurableApplicationContext app, NetworkMix generator, long lastSeq)
            throws Exception {
        Path journalDir = Path.of(app.getEnvironment().getProperty("skybatch.firehose.journal"));
        List<JobExecution> following = new ArrayList<>();
        Thread tail = new Thread(() -> {
            try {
                following.add(tail(app, false));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "bench-tail");
        tail.start();
        TimeUnit.SECONDS.sleep(2);
        TailMetrics metrics = app.getBean(TailMetrics.class);
        long seq = lastSeq;
        try (Journal journal = Journal.open(journalDir)) {
            long started = System.nanoTime();
            for (int i = 0; i < STEADY_RATE * STEADY_SECONDS; i++) {
                long due = started + i * (1_000_000_000L / STEADY_RATE);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                seq++;
                journal.append(seq, Instant.now(), generator.next(seq));
            }
        }
        TimeUnit.SECONDS.sleep(2);
        Map<Double, Double> percentiles = new TreeMap<>();
        for (ValueAtPercentile value : metrics.latency().takeSnapshot().percentileValues()) {
            percentiles.put(value.percentile(), value.value(TimeUnit.MILLISECONDS));
        }
        System.out.printf("  lag at %,d events/s for %d s:  p50 %.0f ms, p99 %.0f ms (receive to commit)%n",
                STEADY_RATE, STEADY_SECONDS, percentiles.get(0.5), percentiles.get(0.99));
        app.getBean(JobRunner.class).requestStop(runningExecution(app));
        tail.join(TimeUnit.SECONDS.toMillis(30));
        if (following.isEmpty() || following.get(0).getStatus() != BatchStatus.STOPPED) {
            throw new IllegalStateException("the following tail did not stop: " + following);
        }
    }

    private static long runningExecution(ConfigurableApplicationContext app) throws Exception {
        String url = app.getEnvironment().getProperty("skybatch.database-url");
        try (Connection connection = DriverManager.getConnection(DatabaseUrl.toJdbc(url));
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT max(job_execution_id) FROM skybatch.batch_job_execution"
                        + " WHERE status = 'STARTED'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void storeKeys(String url, List<String> dids, TestSigner key) throws Exception {
        try (Connection connection = DriverManager.getConnection(url);
                PreparedStatement insert = connection.prepareStatement("INSERT INTO " + SkybatchSchema.OWN_SCHEMA
                        + ".actor_identity (did, signing_key, plc_cid, plc_created_at) VALUES (?, ?, 'bafy', now())")) {
            for (String did : dids) {
                insert.setString(1, did);
                insert.setString(2, key.didKey());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    static String counts(String url) throws Exception {
        StringBuilder text = new StringBuilder();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            for (String table : List.of("record", "post", "like", "repost", "follow", "feed_item", "actor")) {
                try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM bsky.\"" + table + "\"")) {
                    rs.next();
                    text.append(table).append(' ').append(String.format("%,d", rs.getLong(1))).append("  ");
                }
            }
        }
        return text.toString().strip();
    }

    private static double stepSeconds(String url) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT extract(epoch FROM end_time - start_time)"
                        + " FROM skybatch.batch_step_execution WHERE step_name = 'firehoseTailStep'"
                        + " ORDER BY step_execution_id DESC LIMIT 1")) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    static void execute(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }
}
