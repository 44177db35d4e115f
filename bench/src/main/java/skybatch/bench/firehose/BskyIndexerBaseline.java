package skybatch.bench.firehose;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import skybatch.jobs.testing.TestSigner;
import skybatch.readers.firehose.testing.RelayStandIn;
import skybatch.writers.support.DatabaseUrl;

/**
 * bench/firehose's baseline: {@code @atproto/bsky}'s own indexer ({@code indexer-baseline.mjs}: its dataplane's
 * {@code RepoSubscription}) consuming the same N commits of the network's mix ({@link NetworkMix}, the tail
 * benchmark's accounts and seed) from the relay stand-in on 127.0.0.1 into an empty database of its migrations;
 * prints its events/s beside skybatch's tail rate measured earlier in the same run, and the ratio.
 *
 * <p>Usage: {@code BskyIndexerBaseline <node> <indexer-baseline.mjs> <events> <accounts> <tail rate file>}, the file
 * holding the tail's events/s as FirehoseBenchmark wrote it (absent: no ratio). DATABASE_URL names the server; the
 * database {@code ${SKYBATCH_BENCH_DATABASE_PREFIX:-skybatch_}bsky_baseline} is made for the run and dropped.
 */
public final class BskyIndexerBaseline {

    public static void main(String[] args) throws Exception {
        Path node = Path.of(args[0]);
        Path script = Path.of(args[1]);
        int events = Integer.parseInt(args[2]);
        int accounts = Integer.parseInt(args[3]);
        Path tailRate = Path.of(args[4]);
        String postgres = System.getenv().getOrDefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres");
        String server = DatabaseUrl.toJdbc(postgres);
        String database = System.getenv().getOrDefault("SKYBATCH_BENCH_DATABASE_PREFIX", "skybatch_") + "bsky_baseline";
        String nodeUrl = postgres.replaceFirst("^(?:jdbc:)?(postgres(?:ql)?://[^/?]*)(/[^?]*)?", "$1/" + database);
        String url = DatabaseUrl.toJdbc(nodeUrl);

        NetworkMix mix = new NetworkMix(accounts, new TestSigner("bench"));
        FirehoseBenchmark.execute(server, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        FirehoseBenchmark.execute(server, "CREATE DATABASE " + database);
        try (RelayStandIn relay = RelayStandIn.start()) {
            for (int seq = 1; seq <= events; seq++) {
                relay.publish(seq, mix.next(seq));
            }
            String[] figures = indexer(node, script, relay, events, nodeUrl).split(" ");
            double seconds = Double.parseDouble(figures[1]);
            double rate = events / seconds;
            System.out.printf("%n@atproto/bsky's indexer (baseline), the same %,d commits of %,d accounts from the relay"
                    + " stand-in:%n", events, accounts);
            System.out.printf("  bsky RepoSubscription:        %6.2f s  %,10.0f events/s   (signatures not checked, as"
                    + " bsky runs it)%n", seconds, rate);
            System.out.printf("  rows: %s%n", FirehoseBenchmark.counts(url));
            if (Files.exists(tailRate)) {
                double tail = Double.parseDouble(Files.readString(tailRate).strip());
                System.out.printf("  skybatch tail (above):                %,10.0f events/s   ratio %.2f x the baseline%n",
                        tail, tail / rate);
            }
        } finally {
            FirehoseBenchmark.execute(server, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** Runs the indexer; returns its line: events, seconds, events/s. */
    private static String indexer(Path node, Path script, RelayStandIn relay, int events, String databaseUrl)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(node.toString(), script.toString(), relay.url().toString(),
                Integer.toString(events), databaseUrl));
        Process process = new ProcessBuilder(command).directory(script.getParent().toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            line = out.readLine();
        }
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0 || line == null) {
            process.destroyForcibly();
            throw new IllegalStateException(script.getFileName() + " failed (exit " + (process.isAlive() ? "none"
                    : process.exitValue()) + ")");
        }
        return line;
    }
}
