package skybatch.bench.appview;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import skybatch.jobs.cli.SkybatchCli;
import skybatch.jobs.testing.FakePds;
import skybatch.readers.cid.Cid;
import skybatch.readers.crypto.Curve;
import skybatch.readers.firehose.Journal;
import skybatch.readers.identity.testing.LoopbackInternet;
import skybatch.readers.labels.TestLabeler;
import skybatch.writers.support.DatabaseUrl;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * bench/appview, labels: the real app-view shows the labels that skybatch's labels tail wrote. Fills a database as
 * {@link AppViewCheck} does (PLC import, with the labeler's account, backfill, handles of the
 * {@link InteractingAccounts}), then applies a
 * labeler's journal with {@code labels tail --drain}: a label on a post (with its cid) and one on an account, a label
 * on a second post and its negation, an expired label; then runs {@code labels.mjs}, which asks the app-view for
 * getPosts and getProfile with and without the labeler in {@code atproto-accept-labelers}.
 *
 * <p>Usage: {@code LabelsAppViewCheck <node> <labels.mjs> <work dir>}; DATABASE_URL names the server, on which one
 * database {@code skybatch_appview_labels_<pid>} (SKYBATCH_BENCH_DATABASE_PREFIX replaces {@code skybatch_appview_}) is
 * made for the run and dropped at its end.
 */
public final class LabelsAppViewCheck {

    private static final String DATABASE = AppViewCheck.databasePrefix() + "labels_"
            + ProcessHandle.current().pid();
    private static final TestLabeler LABELER = new TestLabeler("did:plc:appviewlabelerappviewlab", Curve.K256);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LabelsAppViewCheck() {}

    public static void main(String[] args) throws Exception {
        Path node = Path.of(args[0]);
        Path script = Path.of(args[1]);
        Path work = Files.createDirectories(Path.of(args[2]).resolve("labels"));
        String server = System.getenv().getOrDefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres");
        AppViewCheck.execute(DatabaseUrl.toJdbc(server), "CREATE DATABASE " + DATABASE);
        int exit;
        try {
            exit = check(node, script, work, AppViewCheck.withDatabase(server, DATABASE));
        } finally {
            AppViewCheck.execute(DatabaseUrl.toJdbc(server), "DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
        System.exit(exit);
    }

    /**
     * The labeler's account in the PLC export: its label key ({@code atproto_label}) and its service. The app-view
     * applies labels only from labelers whose account it has (an {@code actor} row, not taken down), which the
     * PLC import writes; the labels tail takes the key from the document the import stored.
     */
    private static String labelerOperation() throws Exception {
        ObjectNode operation = JSON.createObjectNode().put("type", "plc_operation").put("sig", "c2ln").putNull("prev");
        operation.putArray("rotationKeys").add(LABELER.key().didKey());
        operation.putObject("verificationMethods").put("atproto", LABELER.key().didKey())
                .put("atproto_label", LABELER.key().didKey());
        operation.putArray("alsoKnownAs").add("at://labeler.test");
        operation.putObject("services").putObject("atproto_labeler").put("type", "AtprotoLabeler")
                .put("endpoint", "https://labeler.invalid");
        ObjectNode line = JSON.createObjectNode().put("did", LABELER.did());
        line.set("operation", operation);
        line.put("cid", Cid.compute(Cid.DAG_CBOR, LABELER.did().getBytes()).toString()).put("nullified", false)
                .put("createdAt", "2024-12-02T00:00:00Z");
        return JSON.writeValueAsString(line) + "\n";
    }

    private static int check(Path node, Path script, Path work, String database) throws Exception {
        InteractingAccounts generated = InteractingAccounts.generate();
        String jdbcUrl = DatabaseUrl.toJdbc(database);
        try (FakePds pds = new FakePds(); LoopbackInternet internet = LoopbackInternet.start()) {
            for (InteractingAccounts.Account account : generated.accounts()) {
                pds.repo(account.did(), account.repo().car(account.signer()).bytes());
                internet.txt("_atproto." + account.handle(), "did=" + account.did());
            }
            Path export = AppViewCheck.plcExport(work, generated, pds.url());
            Files.writeString(export, labelerOperation(), StandardOpenOption.APPEND);
            AppViewCheck.useIdentities(internet);
            AppViewCheck.fill(jdbcUrl, export, List.of(List.of("--pds", pds.url())));
        }
        List<InteractingAccounts.MadeRecord> posts = generated.records().stream()
                .filter(record -> record.uri().contains("/app.bsky.feed.post/")).toList();
        InteractingAccounts.MadeRecord labeledPost = posts.get(0);
        InteractingAccounts.MadeRecord negatedPost = posts.get(1);
        String labeledAccount = generated.accounts().get(1).did();
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(jdbcUrl));
        Path journals = work.resolve("journals");
        try (Journal journal = Journal.open(journals.resolve(LABELER.did()))) {
            Instant at = Instant.parse("2026-12-01T09:00:00Z");
            List<Map<String, Object>> labels = List.of(
                    LABELER.label(labeledPost.uri(), labeledPost.cid(), "porn", false, at.toString(), null),
                    LABELER.label(labeledAccount, null, "spam", false, at.toString(), null),
                    LABELER.label(negatedPost.uri(), null, "rude", false, at.toString(), null),
                    LABELER.label(negatedPost.uri(), null, "rude", true, at.plusSeconds(60).toString(), null),
                    LABELER.label(labeledPost.uri(), null, "graphic-media", false, at.toString(),
                            at.plusSeconds(3600).toString()));
            for (int i = 0; i < labels.size(); i++) {
                journal.append(i + 1, Instant.now(), TestLabeler.message(i + 1, labels.get(i)));
            }
        }
        System.setProperty("skybatch.database-url", jdbcUrl);
        System.setProperty("skybatch.labelers", LABELER.did() + "=wss://labeler.invalid");
        System.setProperty("skybatch.labels.journals", journals.toString());
        int tail = SkybatchCli.run("labels", "tail", "--drain");
        if (tail != 0) {
            throw new IllegalStateException("skybatch labels tail --drain ended with exit code " + tail);
        }

        System.out.printf("labels tail: %d rows in label, %d quarantined%n", jdbc.queryForObject(
                "SELECT count(*) FROM bsky.label", Long.class), jdbc.queryForObject(
                "SELECT count(*) FROM skybatch.quarantine", Long.class));
        ObjectNode input = JSON.createObjectNode().put("labeler", LABELER.did())
                .put("labeledPost", labeledPost.uri()).put("labeledPostCid", labeledPost.cid())
                .put("negatedPost", negatedPost.uri()).put("labeledAccount", labeledAccount);
        input.putArray("labeledPostVals").add("porn"); // graphic-media expired in 2026-12-01T10:00Z
        input.putArray("labeledAccountVals").add("spam");
        Files.writeString(work.resolve("labels.json"), JSON.writeValueAsString(input));
        Process labels = new ProcessBuilder(node.toString(), script.toString(), work.toString(), database)
                .inheritIO().directory(script.getParent().toFile()).start();
        if (!labels.waitFor(3, TimeUnit.MINUTES)) {
            labels.destroyForcibly();
            throw new IllegalStateException("labels.mjs did not finish in 3 minutes");
        }
        return labels.exitValue();
    }
}
