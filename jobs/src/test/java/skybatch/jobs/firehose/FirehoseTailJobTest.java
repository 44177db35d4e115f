package skybatch.jobs.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static skybatch.jobs.testing.FirehoseFrames.map;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import skybatch.jobs.backfill.BackfillJobConfiguration;
import skybatch.jobs.firehose.internal.JournalBatchReader;
import skybatch.jobs.operations.JobRunner;
import skybatch.jobs.testing.FirehoseFrames;
import skybatch.jobs.testing.FirehoseTestApp;
import skybatch.jobs.testing.SkybatchTestApp;
import skybatch.jobs.testing.TestSigner;
import skybatch.readers.cid.Cid;
import skybatch.readers.firehose.Journal;
import skybatch.writers.firehose.TailLock;

/**
 * firehoseTailJob end to end: frames appended to a real journal, the real application, a real PostgreSQL. Each
 * test has repositories of its own; the journal and the tail's position carry on from test to test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FirehoseTailJobTest {

    private static final String POST = "app.bsky.feed.post";
    private static final AtomicInteger DIDS = new AtomicInteger();

    private final AtomicLong seq = new AtomicLong(1000);
    private final TestSigner key = new TestSigner("firehose");
    /** Small chunks, so that a test's events cross chunk boundaries. */
    @RegisterExtension
    static final FirehoseTestApp firehose = new FirehoseTestApp(3);
    private final SkybatchTestApp app = firehose.app();
    private final Journal journal = firehose.journal();

    /** A repository of its own for each test, whose key the PLC import stored. */
    private FirehoseFrames repo() {
        // did:plc identifiers are base32: the counter in letters
        String letters = Integer.toString(DIDS.incrementAndGet(), 26).chars()
                .mapToObj(c -> String.valueOf((char) (Character.digit(c, 26) + 'a'))).reduce("", String::concat);
        String did = "did:plc:fire" + "a".repeat(20 - letters.length()) + letters;
        app.jdbc().update("INSERT INTO skybatch.actor_identity (did, signing_key, plc_cid, plc_created_at)"
                + " VALUES (?, ?, 'bafy', now())", did, key.didKey());
        return new FirehoseFrames(did, key);
    }

    private long append(byte[] frame) {
        long s = seq.incrementAndGet();
        journal.append(s, Instant.now(), frame);
        return s;
    }

    private long next() {
        return seq.get() + 1;
    }

    private JobExecution drain() throws Exception {
        JobExecution execution = app.drainFirehose();
        assertThat(execution.getStatus()).as(execution.getExitStatus().getExitDescription())
                .isEqualTo(BatchStatus.COMPLETED);
        return execution;
    }

    private long count(String sql, Object... args) {
        return app.jdbc().queryForObject(sql, Long.class, args);
    }

    /** How many events the tail has counted with this outcome. */
    private double events(String outcome) {
        return app.bean(MeterRegistry.class).get("skybatch.firehose.events").tag("outcome", outcome).counter().count();
    }

    private static Map<String, Object> post(String text) {
        return map("$type", POST, "text", text, "createdAt", "2024-05-01T12:00:00Z");
    }

    private static String uri(FirehoseFrames repo, String path) {
        return "at://" + repo.did() + "/" + path;
    }

    @Test
    void commitsLandAsTheBackfillWritesThem() throws Exception {
        FirehoseFrames alice = repo();
        FirehoseFrames bob = repo();
        append(alice.commit().create(POST + "/p1", post("hello")).at(next()));
        append(bob.commit().create("app.bsky.feed.like/l1", map("$type", "app.bsky.feed.like",
                "subject", map("uri", uri(alice, POST + "/p1"), "cid", Cid.compute(Cid.DAG_CBOR, new byte[] {1})
                        .toString()), "createdAt", "2024-05-01T12:01:00Z"))
                .create("app.bsky.graph.follow/f1", map("$type", "app.bsky.graph.follow", "subject", alice.did(),
                        "createdAt", "2024-05-01T12:02:00Z")).at(next()));
        append(alice.commit().update(POST + "/p1", post("hello, edited")).create(POST + "/p2", post("second"))
                .at(next()));
        long last = append(alice.commit().delete(POST + "/p2").at(next()));

        drain();

        assertThat(app.jdbc().queryForList("SELECT text FROM bsky.post WHERE creator = ? ORDER BY uri", String.class,
                alice.did())).containsExactly("hello, edited");
        assertThat(count("SELECT count(*) FROM bsky.feed_item WHERE \"originatorDid\" = ?", alice.did())).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM bsky.\"like\" WHERE creator = ? AND subject = ?", bob.did(),
                uri(alice, POST + "/p1"))).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM bsky.follow WHERE creator = ? AND \"subjectDid\" = ?", bob.did(),
                alice.did())).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM bsky.record WHERE did IN (?, ?)", alice.did(), bob.did()))
                .isEqualTo(3);
        assertThat(app.jdbc().queryForObject("SELECT \"repoRev\" FROM bsky.actor_sync WHERE did = ?", String.class,
                alice.did())).isEqualTo(alice.rev());
        assertThat(count("SELECT count(*) FROM bsky.actor WHERE did IN (?, ?)", alice.did(), bob.did())).isEqualTo(2);
        assertThat(count("SELECT \"likeCount\" FROM bsky.post_agg WHERE uri = ?", uri(alice, POST + "/p1")))
                .isEqualTo(1);
        assertThat(count("SELECT seq FROM skybatch.firehose_position")).isEqualTo(last);
        // first seen in the stream: its older records are due for a backfill
        assertThat(count("SELECT count(*) FROM skybatch.firehose_repo WHERE did = ? AND backfill_due", alice.did()))
                .isEqualTo(1);
    }

    @Test
    void replayedAndOutOfOrderEventsChangeNothing() throws Exception {
        FirehoseFrames alice = repo();
        byte[] first = alice.commit().create(POST + "/p1", post("one")).at(next());
        append(first);
        byte[] second = alice.commit().delete(POST + "/p1").create(POST + "/p2", post("two")).at(next());
        append(second);
        drain();
        String rev = alice.rev();

        // a relay replaying from an inclusive cursor sends them again
        append(first);
        append(second);
        JobExecution replay = drain();

        assertThat(app.jdbc().queryForList("SELECT text FROM bsky.post WHERE creator = ?", String.class, alice.did()))
                .containsExactly("two");
        assertThat(app.jdbc().queryForObject("SELECT \"repoRev\" FROM bsky.actor_sync WHERE did = ?", String.class,
                alice.did())).isEqualTo(rev);
        assertThat(replay.getStepExecutions().iterator().next().getWriteCount()).isPositive();
    }

    @Test
    void badInputIsQuarantinedWithSeqDidAndReasonAndTheRestIsApplied() throws Exception {
        FirehoseFrames alice = repo();
        long garbage = append(new byte[] {(byte) 0xa2, 0x01});
        long forged = append(alice.commit().create(POST + "/forged", post("forged"))
                .signedBy(new TestSigner("mallory")).at(next()));
        FirehoseFrames unknown = new FirehoseFrames("did:plc:unknownunknownunknown222", key);
        long noKey = append(unknown.commit().create(POST + "/p", post("who")).at(next()));
        FirehoseFrames bob = repo();
        long undecodable = append(bob.commit().createBlock(POST + "/bad", new byte[] {(byte) 0xff})
                .create(POST + "/good", post("good")).at(next()));
        FirehoseFrames carol = repo();
        long oversized = append(carol.commit().create(POST + "/big", post("x".repeat(1 << 20))).at(next()));

        JobExecution execution = drain();

        List<Map<String, Object>> quarantined = app.jdbc().queryForList("SELECT position, did, reason, raw"
                + " FROM skybatch.quarantine WHERE job_execution_id = ? ORDER BY id", execution.getId());
        assertThat(quarantined).extracting(q -> q.get("position")).containsExactly("seq " + garbage,
                "seq " + forged, "seq " + noKey, "seq " + undecodable + " " + POST + "/bad", "seq " + oversized);
        assertThat(quarantined).extracting(q -> q.get("did")).containsExactly(null, alice.did(), unknown.did(),
                bob.did(), carol.did());
        assertThat((String) quarantined.get(0).get("reason")).startsWith("frame does not decode");
        assertThat((String) quarantined.get(1).get("reason")).contains("signature does not verify");
        assertThat((String) quarantined.get(2).get("reason")).contains("no signing key");
        assertThat((String) quarantined.get(3).get("reason")).contains("does not decode");
        assertThat((String) quarantined.get(4).get("reason")).contains("more than 1048576");
        assertThat(quarantined.get(0).get("raw")).isEqualTo("ogE=");
        assertThat(count("SELECT count(*) FROM bsky.post WHERE creator IN (?, ?, ?, ?)", alice.did(), unknown.did(),
                bob.did(), carol.did())).isEqualTo(1);
    }

    @Test
    void aCommitWhoseBlocksFailTheirCidsIsQuarantined() throws Exception {
        FirehoseFrames alice = repo();
        byte[] frame = alice.commit().create(POST + "/p1", post("tampered text")).at(next());
        // the record's text inside the CAR slice, changed after its CID was computed
        String text = new String(frame, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("tampered");
        frame[at] = 'T';
        long s = append(frame);

        JobExecution execution = drain();

        assertThat(app.jdbc().queryForObject("SELECT reason FROM skybatch.quarantine WHERE job_execution_id = ?"
                + " AND position = ?", String.class, execution.getId(), "seq " + s)).contains("blocks fail");
        assertThat(count("SELECT count(*) FROM bsky.post WHERE creator = ?", alice.did())).isZero();
    }

    @Test
    void accountEventsSetTheUpstreamStatusAndDeletedAccountsLoseTheirRecords() throws Exception {
        FirehoseFrames alice = repo();
        append(alice.commit().create(POST + "/p1", post("before")).at(next()));
        append(FirehoseFrames.account(next(), alice.did(), false, "deactivated"));
        append(alice.commit().create(POST + "/p2", post("while deactivated")).at(next()));
        drain();
        assertThat(app.jdbc().queryForObject("SELECT \"upstreamStatus\" FROM bsky.actor WHERE did = ?", String.class,
                alice.did())).isEqualTo("deactivated");
        assertThat(count("SELECT count(*) FROM bsky.post WHERE creator = ?", alice.did())).isEqualTo(1);

        // active again: its next commit follows one that was not applied, so the repository waits for a backfill
        append(FirehoseFrames.account(next(), alice.did(), true, null));
        append(alice.commit().create(POST + "/p3", post("active again")).at(next()));
        drain();
        assertThat(app.jdbc().queryForObject("SELECT \"upstreamStatus\" FROM bsky.actor WHERE did = ?", String.class,
                alice.did())).isNull();
        assertThat(count("SELECT count(*) FROM bsky.post WHERE creator = ?", alice.did())).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM skybatch.firehose_repo WHERE did = ? AND desynchronized"
                + " AND backfill_due", alice.did())).isEqualTo(1);

        append(FirehoseFrames.account(next(), alice.did(), false, "deleted"));
        drain();
        assertThat(count("SELECT count(*) FROM bsky.record WHERE did = ?", alice.did())).isZero();
        assertThat(count("SELECT count(*) FROM bsky.post WHERE creator = ?", alice.did())).isZero();
        assertThat(count("SELECT count(*) FROM bsky.actor WHERE did = ?", alice.did())).isZero();
    }

    @Test
    void anIdentityEventDropsTheCachedAnswersAndMakesTheHandleCheckDue() throws Exception {
        FirehoseFrames alice = repo();
        app.jdbc().update("INSERT INTO skybatch.identity_cache (key, verified, identity, expires_at)"
                + " VALUES (?, true, ?::jsonb, now() + interval '1 day')", "did:" + alice.did(),
                "{\"did\":\"" + alice.did() + "\"}");
        app.jdbc().update("INSERT INTO skybatch.identity_cache (key, verified, identity, expires_at)"
                + " VALUES ('handle:alice.test', true, ?::jsonb, now() + interval '1 day')",
                "{\"did\":\"" + alice.did() + "\",\"handle\":\"alice.test\"}");
        app.jdbc().update("INSERT INTO skybatch.handle_verification (did, handle, status, last_checked_at,"
                + " next_check_at) VALUES (?, 'alice.test', 'valid', now(), now() + interval '1 day')", alice.did());

        append(FirehoseFrames.identity(next(), alice.did()));
        drain();

        assertThat(count("SELECT count(*) FROM skybatch.identity_cache WHERE identity ->> 'did' = ?", alice.did()))
                .isZero();
        assertThat(count("SELECT count(*) FROM skybatch.handle_verification WHERE did = ?", alice.did())).isZero();
    }

    @Test
    void aCommitThatDoesNotFollowTheStoredStateDesynchronizesItsRepository() throws Exception {
        FirehoseFrames alice = repo();
        append(alice.commit().create(POST + "/p1", post("one")).at(next()));
        append(alice.commit().create(POST + "/p2", post("two")).prevData(Cid.compute(Cid.DAG_CBOR, new byte[] {9}))
                .at(next()));
        append(alice.commit().create(POST + "/p3", post("three")).at(next()));
        FirehoseFrames bob = repo();
        append(bob.commit().create(POST + "/p1", post("one")).at(next()));
        append(bob.commit().create(POST + "/p2", post("two")).withoutLastBlock().at(next()));

        drain();

        assertThat(app.jdbc().queryForList("SELECT text FROM bsky.post WHERE creator = ?", String.class, alice.did()))
                .containsExactly("one");
        assertThat(app.jdbc().queryForList("SELECT did FROM skybatch.firehose_repo WHERE desynchronized"
                + " AND backfill_due AND did IN (?, ?) ORDER BY did", String.class, alice.did(), bob.did()))
                .containsExactly(alice.did(), bob.did());
        assertThat(app.jdbc().queryForObject("SELECT reason FROM skybatch.firehose_repo WHERE did = ?", String.class,
                alice.did())).contains("prevData");
        assertThat(app.jdbc().queryForObject("SELECT reason FROM skybatch.firehose_repo WHERE did = ?", String.class,
                bob.did())).contains("missing");
    }

    @Test
    void aSyncToTheStoredRootMovesTheRevAndToAnotherRootDesynchronizes() throws Exception {
        FirehoseFrames alice = repo();
        append(alice.commit().create(POST + "/p1", post("one")).at(next()));
        append(alice.sync(next()));
        drain();
        assertThat(app.jdbc().queryForObject("SELECT \"repoRev\" FROM bsky.actor_sync WHERE did = ?", String.class,
                alice.did())).isEqualTo(alice.rev());

        FirehoseFrames bob = repo();
        append(bob.commit().create(POST + "/p1", post("one")).at(next()));
        FirehoseFrames elsewhere = new FirehoseFrames(bob.did(), key);
        elsewhere.commit().create(POST + "/other", post("other")).at(0);
        elsewhere.commit().create(POST + "/more", post("more")).at(0);
        append(elsewhere.sync(next()));
        drain();
        assertThat(count("SELECT count(*) FROM skybatch.firehose_repo WHERE did = ? AND desynchronized", bob.did()))
                .isEqualTo(1);
    }

    @Test
    void aNewRunContinuesAfterTheCommittedPosition() throws Exception {
        FirehoseFrames alice = repo();
        append(alice.commit().create(POST + "/p1", post("one")).at(next()));
        drain();
        long quarantinedBefore = count("SELECT count(*) FROM skybatch.quarantine");
        append(alice.commit().create(POST + "/p2", post("two")).at(next()));

        double applied = events("applied");
        double stale = events("stale");
        drain();

        assertThat(events("applied") - applied).isEqualTo(1);
        assertThat(events("stale") - stale).isZero();
        assertThat(count("SELECT count(*) FROM bsky.post WHERE creator = ?", alice.did())).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM skybatch.quarantine")).isEqualTo(quarantinedBefore);
    }

    @Test
    void eventsDuringABackfillWaitAndThoseNewerThanItsRevApplyAfterIt() throws Exception {
        FirehoseFrames bob = repo();
        app.jdbc().update("INSERT INTO skybatch.backfill_repo (did, pds, status) VALUES (?, 'pds.test', 'pending')",
                bob.did());
        append(bob.commit().create(POST + "/p1", post("in the backfill")).at(next()));
        String backfilledRev = bob.rev();
        append(bob.commit().create(POST + "/p2", post("after it")).at(next()));
        drain();
        assertThat(count("SELECT count(*) FROM bsky.post WHERE creator = ?", bob.did())).isZero();
        assertThat(count("SELECT count(*) FROM skybatch.firehose_parked WHERE did = ?", bob.did())).isEqualTo(2);

        // the backfill's last transaction: the repository at the first commit's rev, done
        app.jdbc().update("INSERT INTO bsky.actor_sync (did, \"commitCid\", \"repoRev\") VALUES (?, 'bafy', ?)",
                bob.did(), backfilledRev);
        app.jdbc().update("UPDATE skybatch.backfill_repo SET status = 'done', rev = ? WHERE did = ?", backfilledRev,
                bob.did());
        append(bob.commit().create(POST + "/p3", post("later still")).at(next()));
        drain();

        assertThat(app.jdbc().queryForList("SELECT text FROM bsky.post WHERE creator = ? ORDER BY text", String.class,
                bob.did())).containsExactly("after it", "later still");
        assertThat(count("SELECT count(*) FROM skybatch.firehose_parked WHERE did = ?", bob.did())).isZero();
        assertThat(app.jdbc().queryForObject("SELECT \"repoRev\" FROM bsky.actor_sync WHERE did = ?", String.class,
                bob.did())).isEqualTo(bob.rev());
    }

    @Test
    void aBackfillOfTheFirehosesDueRepositoriesQueuesThemAndTakesThemOffTheList() throws Exception {
        FirehoseFrames alice = repo();
        append(alice.commit().create(POST + "/p1", post("one")).at(next()));
        drain();
        assertThat(count("SELECT count(*) FROM skybatch.firehose_repo WHERE did = ? AND backfill_due", alice.did()))
                .isEqualTo(1);

        Job backfill = app.bean(BackfillJobConfiguration.JOB_NAME, Job.class);
        app.bean(JobRunner.class).start(backfill, new JobParametersBuilder()
                .addString(BackfillJobConfiguration.FIREHOSE_DUE, "true").addLong("launched", System.nanoTime())
                .toJobParameters());

        // queued; it has no PDS in this test, so its backfill ends failed, saying so
        assertThat(app.jdbc().queryForObject("SELECT last_error FROM skybatch.backfill_repo WHERE did = ?",
                String.class, alice.did())).contains("no PDS known");
        assertThat(count("SELECT count(*) FROM skybatch.firehose_repo WHERE backfill_due")).isZero();
    }

    @Test
    void aSecondTailOfTheSameJournalIsRefused() throws Exception {
        FirehoseFrames alice = repo();
        append(alice.commit().create(POST + "/p1", post("one")).at(next()));
        Job job = app.bean(FirehoseTailJobConfiguration.JOB_NAME, Job.class);
        JobExecution refused;
        try (TailLock first = TailLock.acquire(app.database().dataSource(), JournalBatchReader.name(journal))) {
            refused = app.bean(JobRunner.class).start(job, new JobParametersBuilder()
                    .addString(FirehoseTailJobConfiguration.DRAIN, "true").addLong("launched", System.nanoTime())
                    .toJobParameters());
        }

        assertThat(refused.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(refused.getAllFailureExceptions()).anySatisfy(e -> assertThat(e).hasStackTraceContaining(
                "another tail is applying the journal"));
        assertThat(count("SELECT count(*) FROM bsky.post WHERE creator = ?", alice.did())).isZero();
        drain();
        assertThat(count("SELECT count(*) FROM bsky.post WHERE creator = ?", alice.did())).isEqualTo(1);
    }

    @Test
    void theStatusSaysWhatTheJournalHoldsAndWhatTheTailApplied() throws Exception {
        FirehoseFrames alice = repo();
        append(alice.commit().create(POST + "/p1", post("one")).at(next()));
        long last = append(alice.commit().create(POST + "/p2", post("two")).at(next()));
        assertThat(app.bean(TailMonitor.class).status().lagEvents()).isGreaterThanOrEqualTo(2);

        drain();

        TailStatus status = app.bean(TailMonitor.class).status();
        assertThat(status.receivedSeq()).isEqualTo(last);
        assertThat(status.appliedSeq()).isEqualTo(last);
        assertThat(status.lagEvents()).isZero();
        assertThat(status.lagSeconds()).isZero();
        assertThat(status.firstSeq()).isLessThanOrEqualTo(last);
        assertThat(status.journalBytes()).isPositive();
        assertThat(status.desynchronized()).isEqualTo(count("SELECT count(*) FROM skybatch.firehose_repo"
                + " WHERE desynchronized"));
    }
}
