package skybatch.bench.appview;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import skybatch.jobs.cli.SkybatchCli;
import skybatch.jobs.testing.FakePds;
import skybatch.jobs.testing.LoopbackIdentitySettings;
import skybatch.readers.cbor.AtprotoJsonWriter;
import skybatch.readers.cid.Cid;
import skybatch.readers.identity.testing.LoopbackInternet;
import skybatch.writers.support.DatabaseUrl;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * bench/appview: the real app-view over a database skybatch alone filled, side by side with one that the app-view's
 * own indexer filled from the same repositories. Generates {@link InteractingAccounts}, serves their repositories
 * from the PDS stand-in and their handles from a loopback DNS, runs skybatch's {@code import-plc}, {@code backfill}
 * and {@code verify-handles} into two empty databases (one backfill of the PDS; one backfill per repository, the
 * accounts made last first), writes the accounts and the records in creation order for
 * {@code compare.mjs}, and runs it with the given Node: it fills the reference database with bsky's migrations and
 * {@code IndexingService}, starts {@code DataPlaneServer} and {@code BskyAppView} over each database on loopback,
 * compares their answers and exits non-zero unless all are equal.
 *
 * <p>Usage: {@code AppViewCheck <node> <compare.mjs> <work dir>}; DATABASE_URL (a {@code postgresql://} URL) names the PostgreSQL server (default
 * the local one), on which it creates three databases for the run and drops them at its end.
 */
public final class AppViewCheck {

    /** Databases of this run only, dropped at its end: two runs at once on one server keep apart. */
    private static final String PREFIX = databasePrefix() + ProcessHandle.current().pid() + "_";
    private static final String OURS = PREFIX + "ours";
    private static final String OURS_ONE_BY_ONE = PREFIX + "ours_one_by_one";
    private static final String REFERENCE = PREFIX + "reference";
    private static final List<String> DATABASES = List.of(OURS, OURS_ONE_BY_ONE, REFERENCE);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        Path node = Path.of(args[0]);
        Path script = Path.of(args[1]);
        Path work = Files.createDirectories(Path.of(args[2]));
        String server = System.getenv().getOrDefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres");
        for (String database : DATABASES) {
            execute(DatabaseUrl.toJdbc(server), "CREATE DATABASE " + database);
        }
        int exit;
        try {
            exit = check(node, script, work, server);
        } finally {
            for (String database : DATABASES) {
                execute(DatabaseUrl.toJdbc(server), "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
        System.exit(exit);
    }

    private static int check(Path node, Path script, Path work, String server) throws Exception {
        InteractingAccounts generated = InteractingAccounts.generate();
        try (FakePds pds = new FakePds(); LoopbackInternet internet = LoopbackInternet.start()) {
            for (InteractingAccounts.Account account : generated.accounts()) {
                pds.repo(account.did(), account.repo().car(account.signer()).bytes());
                internet.txt("_atproto." + account.handle(), "did=" + account.did());
            }
            Path export = plcExport(work, generated, pds.url());
            useIdentities(internet);
            fill(DatabaseUrl.toJdbc(withDatabase(server, OURS)), export, List.of(List.of("--pds", pds.url())));
            // one repository per run, the last made first: what a repository's records point to arrives later
            List<List<String>> oneByOne = new ArrayList<>();
            List<InteractingAccounts.Account> accounts = generated.accounts();
            for (int i = accounts.size() - 1; i >= 0; i--) {
                oneByOne.add(List.of("--did", accounts.get(i).did()));
            }
            fill(DatabaseUrl.toJdbc(withDatabase(server, OURS_ONE_BY_ONE)), export, oneByOne);
        }
        writeInputs(work, generated);

        Process compare = new ProcessBuilder(node.toString(), script.toString(), work.toString(),
                withDatabase(server, REFERENCE), withDatabase(server, OURS), withDatabase(server, OURS_ONE_BY_ONE))
                .inheritIO()
                .directory(script.getParent().toFile()).start();
        if (!compare.waitFor(5, TimeUnit.MINUTES)) {
            compare.destroyForcibly();
            throw new IllegalStateException("compare.mjs did not finish in 5 minutes");
        }
        return compare.exitValue();
    }

    /** Handles are verified against the loopback DNS. */
    static void useIdentities(LoopbackInternet internet) {
        for (String setting : LoopbackIdentitySettings.of(internet)) {
            String[] keyValue = setting.split("=", 2);
            System.setProperty(keyValue[0], keyValue[1]);
        }
    }

    /** skybatch alone, from an empty database, as a new user runs it: the PLC import, backfills, handles. */
    static void fill(String jdbcUrl, Path export, List<List<String>> backfills) {
        System.setProperty("skybatch.database-url", jdbcUrl);
        run("import-plc", "--source", export.toString());
        for (List<String> sources : backfills) {
            List<String> command = new ArrayList<>(List.of("backfill"));
            command.addAll(sources);
            run(command.toArray(String[]::new));
        }
        run("verify-handles");
    }

    static void run(String... command) {
        int exit = SkybatchCli.run(command);
        if (exit != 0) {
            throw new IllegalStateException("skybatch " + String.join(" ", command) + " ended with exit code " + exit);
        }
    }

    /** A genesis operation per account, naming its handle, the PDS stand-in and its key. */
    static Path plcExport(Path work, InteractingAccounts generated, String pdsUrl) throws Exception {
        List<String> lines = new ArrayList<>();
        Instant createdAt = Instant.parse("2024-12-01T00:00:00Z");
        for (InteractingAccounts.Account account : generated.accounts()) {
            ObjectNode operation = JSON.createObjectNode().put("type", "plc_operation").put("sig", "c2ln").putNull("prev");
            operation.putArray("rotationKeys").add(account.signer().didKey());
            operation.putObject("verificationMethods").put("atproto", account.signer().didKey());
            operation.putArray("alsoKnownAs").add("at://" + account.handle());
            operation.putObject("services").putObject("atproto_pds").put("type", "AtprotoPersonalDataServer")
                    .put("endpoint", pdsUrl);
            ObjectNode line = JSON.createObjectNode().put("did", account.did());
            line.set("operation", operation);
            line.put("cid", Cid.compute(Cid.DAG_CBOR, account.did().getBytes()).toString()).put("nullified", false)
                    .put("createdAt", createdAt.toString());
            lines.add(JSON.writeValueAsString(line));
            createdAt = createdAt.plus(Duration.ofSeconds(1));
        }
        return Files.writeString(work.resolve("plc-export.jsonl"), String.join("\n", lines) + "\n");
    }

    /**
     * The start of the databases' names: SKYBATCH_BENCH_DATABASE_PREFIX, default {@code skybatch_appview_}; the
     * process id follows.
     */
    static String databasePrefix() {
        return System.getenv().getOrDefault("SKYBATCH_BENCH_DATABASE_PREFIX", "skybatch_appview_");
    }

    /** accounts.json (DID, handle, key) and records.json (in creation order) for compare.mjs. */
    private static void writeInputs(Path work, InteractingAccounts generated) throws Exception {
        writeAccounts(work, generated);
        writeRecords(work, generated.records());
    }

    static void writeAccounts(Path work, InteractingAccounts generated) throws Exception {
        ArrayNode accounts = JSON.createArrayNode();
        for (InteractingAccounts.Account account : generated.accounts()) {
            accounts.addObject().put("did", account.did()).put("handle", account.handle())
                    .put("didKey", account.signer().didKey()).put("privateKey", account.signer().privateKeyHex());
        }
        Files.writeString(work.resolve("accounts.json"), JSON.writeValueAsString(accounts));
    }

    static void writeRecords(Path work, List<InteractingAccounts.MadeRecord> made) throws Exception {
        ArrayNode records = JSON.createArrayNode();
        for (InteractingAccounts.MadeRecord record : made) {
            ObjectNode entry = records.addObject().put("uri", record.uri()).put("cid", record.cid());
            entry.set("record", AtprotoJsonWriter.toJsonNode(record.value()));
        }
        Files.writeString(work.resolve("records.json"), JSON.writeValueAsString(records));
    }

    static String withDatabase(String url, String database) {
        return url.replaceFirst("^((?:jdbc:)?postgres(?:ql)?://[^/?]*)(/[^?]*)?", "$1/" + database);
    }

    static void execute(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
