package skybatch.bench.scaleout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import skybatch.jobs.SkybatchApplication;
import skybatch.jobs.testing.FakePds;
import skybatch.jobs.testing.TestBroker;
import skybatch.jobs.testing.TestRepository;
import skybatch.jobs.testing.TestSigner;
import skybatch.writers.support.DatabaseUrl;

/**
 * bench/scale-out: PDSES stand-ins on 127.0.0.1, each answering getRepo after a delay as a distant PDS does, host
 * REPOS small repositories among them. Backfills them all with one local process (the baseline, partitions as
 * threads), then over RabbitMQ with 1, 2 and 4 {@code worker} processes and a manager, each into a fresh database,
 * and prints the run's time (from the job repository), repositories/s, records/s and the speed-up over the local
 * process.
 *
 * <p>Usage: {@code ScaleOutBenchmark <repos> <pdses> <delay ms> <records per repo>}; DATABASE_URL names the
 * server (default the local one), on which the database SKYBATCH_BENCH_DATABASE (default
 * {@code skybatch_bench_scaleout}) is dropped and created for each run; SKYBATCH_AMQP_URL the broker (default
 * amqp://guest:guest@127.0.0.1:5672). The remote runs cut each PDS into {@value #PDS_CONCURRENCY} slices (its
 * concurrency), {@code PDSES * 4} partitions in all, so that the partitions outnumber the workers' slots.
 */
public final class ScaleOutBenchmark {

    /** The default per-PDS concurrency, which is also how many slices a remote run cuts each PDS into. */
    private static final int PDS_CONCURRENCY = 4;

    private final String databaseName = System.getenv().getOrDefault("SKYBATCH_BENCH_DATABASE",
            "skybatch_bench_scaleout");

    private final String server;
    private final String database;
    private final String amqpUrl;
    private final String queue = TestBroker.uniqueQueue("skybatch.bench");
    private final Path logs;
    private final String pdsList;
    private final List<Process> running = new ArrayList<>();

    private ScaleOutBenchmark(String pdsList, Path logs) {
        this.server = DatabaseUrl.toJdbc(System.getenv().getOrDefault("DATABASE_URL",
                "postgresql://postgres@127.0.0.1:5432/postgres"));
        this.database = server.replaceFirst("(jdbc:postgresql://[^/?]*)(/[^?]*)?", "$1/" + databaseName);
        this.amqpUrl = System.getenv().getOrDefault("SKYBATCH_AMQP_URL", TestBroker.URL);
        this.pdsList = pdsList;
        this.logs = logs;
    }

    public static void main(String[] args) throws Exception {
        int repos = Integer.parseInt(args[0]);
        int pdsCount = Integer.parseInt(args[1]);
        Duration delay = Duration.ofMillis(Long.parseLong(args[2]));
        int recordsPerRepo = Integer.parseInt(args[3]);
        List<FakePds> pdses = new ArrayList<>();
        TestSigner key = new TestSigner("bench");
        for (int p = 0; p < pdsCount; p++) {
            pdses.add(new FakePds().getRepoDelay(delay));
        }
        for (int r = 0; r < repos; r++) {
            String did = String.format("did:plc:bench%019d", r);
            TestRepository repo = new TestRepository(did);
            for (int i = 0; i < recordsPerRepo; i++) {
                repo.record("app.bsky.feed.post", "3k" + i, Map.of("$type", "app.bsky.feed.post",
                        "text", "post " + i, "createdAt", "2024-05-01T12:00:00Z"));
            }
            pdses.get(r % pdsCount).repo(did, repo.car(key).bytes());
        }
        System.out.printf("%nscale-out benchmark: %,d repositories of %d records on %d PDS stand-ins answering"
                + " getRepo after %d ms%n", repos, recordsPerRepo, pdsCount, delay.toMillis());
        Path logs = Files.createTempDirectory("skybatch-scale-out");
        ScaleOutBenchmark bench = new ScaleOutBenchmark(String.join(",", pdses.stream().map(FakePds::url).toList()),
                logs);
        System.out.println("  load average at the start: " + loadAverage());
        try {
            Result local = bench.local();
            local.print("one local process (partitions as threads)", local);
            for (int workers : new int[] {1, 2, 4}) {
                bench.remote(workers, pdsCount * PDS_CONCURRENCY).print(workers + " worker process" + (workers > 1 ? "es" : "")
                        + " over RabbitMQ", local);
            }
        } finally {
            bench.stopAll();
            pdses.forEach(FakePds::close);
            TestBroker.deleteQueue(bench.amqpUrl, bench.queue);
        }
        System.out.println("  load average at the end: " + loadAverage());
        System.out.println("  (processes' logs in " + logs + ")");
    }

    private static String loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.exists(loadavg) ? Files.readString(loadavg).trim() : "unknown";
    }

    private record Result(double seconds, long repos, long records) {

        void print(String what, Result baseline) {
            System.out.printf("  %-45s %7.1f s  %7.1f repos/s  %9.0f records/s  %5.2f x%n", what, seconds,
                    repos / seconds, records / seconds, baseline.seconds / seconds);
        }
    }

    private Result local() throws Exception {
        freshDatabase();
        run(cli("local", Map.of(), "backfill", "--pds", pdsList, "--no-verify-signatures"));
        return result();
    }

    private Result remote(int workers, int partitions) throws Exception {
        freshDatabase();
        run(cli("migrate-" + workers, Map.of(), "jobs", "list"));
        Map<String, String> broker = Map.of("SKYBATCH_AMQP_URL", amqpUrl, "SKYBATCH_AMQP_QUEUE", queue,
                "SKYBATCH_BACKFILL_PARTITIONS", Integer.toString(partitions),
                "SKYBATCH_BACKFILL_PDS_CONCURRENCY", Integer.toString(PDS_CONCURRENCY));
        List<Process> started = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            String name = "worker-" + workers + "-" + i;
            started.add(cli(name, broker, "worker", "--port", "0"));
            awaitLine(name, "taking partitions");
        }
        run(cli("manager-" + workers, broker, "backfill", "--pds", pdsList, "--no-verify-signatures"));
        for (Process worker : started) {
            worker.destroy();
            worker.waitFor(2, TimeUnit.MINUTES);
        }
        return result();
    }

    private Result result() throws Exception {
        try (Connection connection = DriverManager.getConnection(database);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT (SELECT extract(epoch FROM end_time - start_time) FROM skybatch.batch_job_execution
                                ORDER BY job_execution_id DESC LIMIT 1),
                               (SELECT count(*) FROM skybatch.backfill_repo WHERE status = 'done'),
                               (SELECT count(*) FROM bsky.record)
                        """)) {
            rs.next();
            return new Result(rs.getDouble(1), rs.getLong(2), rs.getLong(3));
        }
    }

    private void freshDatabase() throws Exception {
        try (Connection connection = DriverManager.getConnection(server);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + databaseName + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + databaseName);
        }
    }

    private Process cli(String name, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx512m", SkybatchApplication.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile());
        builder.environment().put("DATABASE_URL", database);
        builder.environment().put("SKYBATCH_ALLOW_ADDRESSES", "127.0.0.1");
        builder.environment().putAll(env);
        Process process = builder.start();
        running.add(process);
        return process;
    }

    private void run(Process process) throws Exception {
        if (process.waitFor() != 0) {
            throw new IllegalStateException("a command failed; see the logs in " + logs);
        }
    }

    private void awaitLine(String name, String text) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!Files.readString(logs.resolve(name + ".log")).contains(text)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(name + " did not start; see " + logs);
            }
            Thread.sleep(100);
        }
    }

    private void stopAll() {
        running.forEach(Process::destroyForcibly);
    }
}
