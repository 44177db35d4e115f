package skybatch.bench.appview;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.util.FileSystemUtils;
import skybatch.jobs.SkybatchApplication;
import skybatch.readers.firehose.Journal;
import skybatch.readers.firehose.testing.RelayStandIn;
import skybatch.readers.identity.testing.LoopbackInternet;
import skybatch.readers.testing.ChildJvm;
import skybatch.writers.support.DatabaseUrl;

/**
 * bench/appview, the live path: the real app-view over a database that skybatch's firehose tail filled, side by side
 * with one that the app-view's own indexer filled from the same stream. The {@link InteractingAccounts} become a
 * {@link LiveStream} of signed commits, {@code #identity} and {@code #account} events on the relay stand-in; skybatch
 * runs {@code import-plc}, {@code firehose ingest} (a child process, stopped with SIGTERM once the journal holds the
 * stream), {@code firehose tail --drain} and {@code verify-handles} into an empty database; {@code live.mjs} runs
 * {@code @atproto/bsky}'s {@code RepoSubscription} (its dataplane's firehose consumer and {@code IndexingService})
 * against the same relay into a database of bsky's migrations; then {@code compare.mjs} compares the app-view's
 * answers over both and the exit code is its.
 *
 * <p>Usage: {@code LiveAppViewCheck <node> <bench/appview dir> <work dir>}; DATABASE_URL names the PostgreSQL server
 * (default the local one), on which it creates two databases for the run and drops them at its end.
 */
public final class LiveAppViewCheck {

    private static final String PREFIX = AppViewCheck.databasePrefix() + "live_" + ProcessHandle.current().pid() + "_";
    private static final String OURS = PREFIX + "ours";
    private static final String REFERENCE = PREFIX + "reference";

    public static void main(String[] args) throws Exception {
        Path node = Path.of(args[0]);
        Path scripts = Path.of(args[1]);
        Path work = Files.createDirectories(Path.of(args[2]));
        String server = System.getenv().getOrDefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres");
        for (String database : List.of(OURS, REFERENCE)) {
            AppViewCheck.execute(DatabaseUrl.toJdbc(server), "CREATE DATABASE " + database);
        }
        int exit;
        try {
            exit = check(node, scripts, work, server);
        } finally {
            for (String database : List.of(OURS, REFERENCE)) {
                AppViewCheck.execute(DatabaseUrl.toJdbc(server), "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
        System.exit(exit);
    }

    private static int check(Path node, Path scripts, Path work, String server) throws Exception {
        InteractingAccounts generated = InteractingAccounts.generate();
        LiveStream stream = LiveStream.of(generated);
        String reference = AppViewCheck.withDatabase(server, REFERENCE);
        try (RelayStandIn relay = RelayStandIn.start(); LoopbackInternet internet = LoopbackInternet.start()) {
            long last = stream.publishTo(relay);
            System.out.printf("%nbench/appview, live: %d events on the relay stand-in (%d records made)%n", last,
                    stream.records().size());
            for (InteractingAccounts.Account account : generated.accounts()) {
                internet.txt("_atproto." + account.handle(), "did=" + account.did());
            }
            // the accounts' PDS is never asked: the stream brings their records
            Path export = AppViewCheck.plcExport(work, generated, "http://127.0.0.1:1");
            AppViewCheck.useIdentities(internet);
            Path journal = work.resolve("journal");
            FileSystemUtils.deleteRecursively(journal);
            ingest(relay, journal, last, work);
            System.setProperty("skybatch.database-url", DatabaseUrl.toJdbc(AppViewCheck.withDatabase(server, OURS)));
            System.setProperty("skybatch.firehose.journal", journal.toString());
            AppViewCheck.run("import-plc", "--source", export.toString());
            AppViewCheck.run("firehose", "tail", "--drain");
            AppViewCheck.run("verify-handles");
            AppViewCheck.writeAccounts(work, generated);
            AppViewCheck.writeRecords(work, stream.records());

            int indexed = node(node, scripts.resolve("live.mjs"), Map.of("LOG_ENABLED", "true", "LOG_LEVEL", "warn"),
                    work.toString(), relay.url().toString(), Long.toString(last), reference);
            if (indexed != 0) {
                throw new IllegalStateException("live.mjs (bsky's own indexer from the relay) ended with " + indexed);
            }
        }
        return node(node, scripts.resolve("compare.mjs"), Map.of("REFERENCE_FILLED", "true"), work.toString(),
                reference, AppViewCheck.withDatabase(server, OURS));
    }

    /** {@code skybatch firehose ingest} from the relay into the journal, until the journal holds seq {@code last}. */
    private static void ingest(RelayStandIn relay, Path journal, long last, Path work) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(ChildJvm.command("256m", SkybatchApplication.class, "firehose",
                "ingest", "--relay", relay.url().toString(), "--cursor", "0")).redirectErrorStream(true)
                .redirectOutput(work.resolve("ingest.log").toFile());
        builder.environment().put("SKYBATCH_FIREHOSE_JOURNAL", journal.toString());
        builder.environment().put("SKYBATCH_HOME", work.resolve("home").toString());
        builder.environment().put("SKYBATCH_ALLOW_ADDRESSES", "127.0.0.1");
        builder.environment().remove("DATABASE_URL");
        Process ingest = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (journalled(journal) < last) {
                if (!ingest.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("firehose ingest did not journal the stream; see "
                            + work.resolve("ingest.log"));
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        } finally {
            ingest.destroy(); // SIGTERM: it stops as it does on a signal
            if (!ingest.waitFor(30, TimeUnit.SECONDS)) {
                ingest.destroyForcibly();
            }
        }
    }

    private static long journalled(Path journal) {
        if (!Files.isDirectory(journal)) {
            return 0;
        }
        try (Journal opened = Journal.open(journal)) {
            return opened.lastSeq().orElse(0);
        }
    }

    private static int node(Path node, Path script, Map<String, String> environment, String... args)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(node.toString(), script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO().directory(script.getParent().toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(script.getFileName() + " did not finish in 5 minutes");
        }
        return process.exitValue();
    }
}
