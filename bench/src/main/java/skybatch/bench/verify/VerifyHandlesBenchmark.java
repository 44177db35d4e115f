package skybatch.bench.verify;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import skybatch.jobs.SkybatchApplication;
import skybatch.jobs.operations.JobRunner;
import skybatch.jobs.verify.VerifyHandlesJobConfiguration;
import skybatch.jobs.verify.internal.HandleVerifier;
import skybatch.readers.identity.testing.LoopbackInternet;
import skybatch.readers.identity.testing.TestIdentities;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;
import skybatch.writers.testing.TestDatabase;

/**
 * bench/verify-handles: N DIDs whose handles a loopback internet answers after 100 ms (half by DNS TXT, half by
 * the HTTPS well-known, as bsky.social handles are), verified by verifyHandlesJob: first in a fresh JVM, as a
 * command-line run starts, then again with N new DIDs in the same JVM, as under {@code serve}; last at concurrency
 * 10, the old one-at-a-few-times baseline, on a smaller set. Prints handles/s, p50 and p99 of one resolution, the
 * peak heap and the heap each run left behind, and the fresh run's ratio to the baseline.
 *
 * <p>Usage: {@code VerifyHandlesBenchmark [N] [baseline N] [percent by well-known]}; SKYBATCH_TEST_DATABASE_URL
 * names the PostgreSQL.
 */
public final class VerifyHandlesBenchmark {

    /** The share of handles published only by the HTTPS well-known (the rest by DNS TXT). */
    private static int wellKnownPercent;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int baselineN = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        wellKnownPercent = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        SkybatchApplication.avoidThreadPerTaskFutures();
        try (LoopbackInternet internet = LoopbackInternet.start()) {
            internet.latency(Duration.ofMillis(100));
            internet.recordTraffic(false);
            Result cold = run(internet, n, 1024, 2000, 0);
            Result warm = run(internet, n, 1024, 2000, n);
            Result baseline = run(internet, baselineN, 10, 10, 2 * n);
            System.out.printf("%nverify-handles benchmark, 100 ms per DNS or HTTP answer, %d%% of handles by the"
                    + " well-known (after DNS has none), the rest by DNS TXT%n", wellKnownPercent);
            System.out.println("  skybatch, fresh JVM:    " + cold);
            System.out.println("  skybatch, same JVM:     " + warm);
            System.out.println("  concurrency 10:         " + baseline);
            System.out.printf("  ratio (fresh JVM): %.0fx   target >= 2,000 handles/s: %s%n",
                    cold.rate() / baseline.rate(), cold.rate() >= 2000 ? "met" : "NOT met");
        }
    }

    /**
     * One run. The peak heap is sampled every 100 ms and counts garbage not yet collected; the heap retained is the
     * live heap after the run less the live heap before it, which stays flat when memory does not grow with N.
     */
    record Result(int dids, long valid, double seconds, double p50, double p99, long peakHeapBytes,
            long retainedHeapBytes) {
        double rate() {
            return dids / seconds;
        }

        @Override
        public String toString() {
            return String.format("%,d DIDs (%,d valid) in %.1f s = %,.0f handles/s, resolution p50 %.0f ms, p99 %.0f ms,"
                    + " peak heap %,d MB, retained %+,d MB", dids, valid, seconds, rate(), p50, p99,
                    peakHeapBytes >> 20, retainedHeapBytes >> 20);
        }
    }

    private static Result run(LoopbackInternet internet, int n, int inFlight, int chunk, int first) throws Exception {
        try (TestDatabase database = TestDatabase.create()) {
            ConfigurableApplicationContext app = new SpringApplicationBuilder(SkybatchApplication.class)
                    .registerShutdownHook(false).run(
                            "--skybatch.database-url=" + database.jdbcUrl(),
                            "--skybatch.identity.dns-servers=127.0.0.1:" + internet.dnsAddress().getPort(),
                            "--skybatch.identity.http-proxy=127.0.0.1:" + internet.httpAddress().getPort(),
                            "--skybatch.identity.http-scheme=http",
                            "--skybatch.allow-addresses=127.0.0.1",
                            "--skybatch.identity.max-in-flight=" + inFlight,
                            "--skybatch.identity.per-host-rate=100000",
                            "--skybatch.verify.chunk-size=" + chunk,
                            "--logging.level.skybatch=WARN");
            try {
                seed(database, internet, n, first);
                Job job = app.getBean(VerifyHandlesJobConfiguration.JOB_NAME, Job.class);
                long heapBefore = liveHeapBytes();
                AtomicLong peakHeap = new AtomicLong();
                ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
                sampler.scheduleAtFixedRate(() -> peakHeap.accumulateAndGet(heapUsedBytes(), Math::max), 0, 100,
                        TimeUnit.MILLISECONDS);
                long started = System.nanoTime();
                JobExecution execution = app.getBean(JobRunner.class).start(job, new JobParametersBuilder()
                        .addLong("launched", System.nanoTime()).toJobParameters());
                double seconds = (System.nanoTime() - started) / 1e9;
                sampler.shutdownNow();
                long retainedHeap = liveHeapBytes() - heapBefore;
                if (execution.getStatus() != org.springframework.batch.core.BatchStatus.COMPLETED) {
                    throw new IllegalStateException("verification ended " + execution.getStatus());
                }
                Timer resolution = app.getBean(MeterRegistry.class).get(HandleVerifier.RESOLUTION).timer();
                double p50 = percentile(resolution, 0.5);
                double p99 = percentile(resolution, 0.99);
                long valid = new org.springframework.jdbc.core.JdbcTemplate(database.dataSource()).queryForObject(
                        "SELECT count(*) FROM bsky.actor WHERE handle IS NOT NULL", Long.class);
                return new Result(n, valid, seconds, p50, p99, peakHeap.get(), retainedHeap);
            } finally {
                app.close();
            }
        }
    }

    /** N DIDs as the PLC import leaves them, each claiming a handle the loopback internet resolves to it. */
    private static void seed(TestDatabase database, LoopbackInternet internet, int n, int first) throws Exception {
        StringBuilder identities = new StringBuilder();
        StringBuilder actors = new StringBuilder();
        for (int i = first; i < first + n; i++) {
            Did did = TestIdentities.plc(i + 1);
            Handle handle = Handle.parse("user" + i + ".bench.test");
            if (i % 100 >= wellKnownPercent) {
                internet.publishDns(handle, did);
            } else {
                internet.publishWellKnown(handle, did);
            }
            identities.append(did).append('\t').append(handle).append("\thttps://pds.example.com\tf\tcid")
                    .append(i).append("\t2024-01-01T00:00:00Z\n");
            actors.append(did).append("\tnow\n");
        }
        try (Connection connection = database.dataSource().getConnection()) {
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("COPY skybatch.actor_identity (did, claimed_handle, pds_endpoint, tombstoned, plc_cid,"
                    + " plc_created_at) FROM STDIN", new StringReader(identities.toString()));
            copy.copyIn("COPY bsky.actor (did, \"indexedAt\") FROM STDIN", new StringReader(actors.toString()));
        }
    }

    /** The heap in use after a full collection. */
    private static long liveHeapBytes() {
        System.gc();
        return heapUsedBytes();
    }

    private static long heapUsedBytes() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double percentile(Timer timer, double p) {
        for (ValueAtPercentile value : timer.takeSnapshot().percentileValues()) {
            if (value.percentile() == p) {
                return value.value(TimeUnit.MILLISECONDS);
            }
        }
        return Double.NaN;
    }
}
