package skybatch.jobs.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import skybatch.jobs.operations.JobRunner;
import skybatch.jobs.testing.LoopbackIdentitySettings;
import skybatch.jobs.testing.SkybatchTestApp;
import skybatch.jobs.verify.internal.HandleVerifier;
import skybatch.readers.identity.testing.DnsFault;
import skybatch.readers.identity.testing.HttpFault;
import skybatch.readers.identity.testing.LoopbackInternet;
import skybatch.readers.identity.testing.TestIdentities;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;

/** verifyHandlesJob against a loopback internet (DNS and HTTP on 127.0.0.1) and a real PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyHandlesJobTest {

    private LoopbackInternet internet;
    private SkybatchTestApp app;

    @BeforeAll
    void start() throws Exception {
        internet = LoopbackInternet.start();
        app = SkybatchTestApp.start(LoopbackIdentitySettings.of(internet,
                "skybatch.verify.chunk-size=4", "skybatch.verify.partitions=2"));
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
        internet.close();
    }

    @BeforeEach
    void clear() {
        app.clearIdentityTables();
        app.jdbc().execute("TRUNCATE skybatch.handle_verification");
    }

    /** A DID as the PLC import leaves it: an identity with its claim, an actor row without a handle. */
    private Did seed(long number, String claimedHandle, boolean tombstoned) {
        Did did = TestIdentities.plc(number);
        app.jdbc().update("INSERT INTO skybatch.actor_identity (did, claimed_handle, pds_endpoint, tombstoned, plc_cid,"
                + " plc_created_at) VALUES (?, ?, 'https://pds.example.com', ?, ?, now())",
                did.value(), claimedHandle, tombstoned, "cid-" + number);
        app.jdbc().update("INSERT INTO bsky.actor (did, \"indexedAt\") VALUES (?, 'now')", did.value());
        return did;
    }

    private JobExecution verify(String only) throws Exception {
        Job job = app.bean(VerifyHandlesJobConfiguration.JOB_NAME, Job.class);
        return app.bean(JobRunner.class).start(job, new JobParametersBuilder().addString("only", only)
                .addLong("launched", System.nanoTime()).toJobParameters());
    }

    private Map<String, Object> state(Did did) {
        return app.jdbc().queryForMap("SELECT v.status, v.handle, v.failure_count, v.last_error, v.next_check_at,"
                + " a.handle AS actor_handle FROM skybatch.handle_verification v JOIN bsky.actor a USING (did)"
                + " WHERE did = ?", did.value());
    }

    private static long hoursUntil(Object nextCheckAt) {
        return ChronoUnit.MINUTES.between(OffsetDateTime.now(), ((java.sql.Timestamp) nextCheckAt).toInstant()
                .atOffset(java.time.ZoneOffset.UTC)) / 60;
    }

    @Test
    void verifiesBothWaysByDnsOrWellKnown() throws Exception {
        Did alice = seed(1, "alice.test", false);
        Did bob = seed(2, "bob.test", false);
        Did carol = seed(3, "carol.test", false);
        Did dave = seed(4, "dave.test", false);
        Did erin = seed(5, "erin.test", false);
        Did frank = seed(6, null, false);
        internet.publishDns(Handle.parse("alice.test"), alice);
        internet.publishWellKnown(Handle.parse("bob.test"), bob);
        internet.publishDns(Handle.parse("carol.test"), alice);
        internet.txt("_atproto.erin.test", "did=" + erin, "did=" + alice);
        internet.dnsFault("_atproto.dave.test", DnsFault.NXDOMAIN);

        JobExecution execution = verify("all");

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(state(alice)).containsEntry("status", "valid").containsEntry("actor_handle", "alice.test");
        assertThat(hoursUntil(state(alice).get("next_check_at"))).isBetween(23L, 24L);
        assertThat(state(bob)).containsEntry("status", "valid").containsEntry("actor_handle", "bob.test");
        assertThat(state(carol)).containsEntry("status", "invalid").containsEntry("actor_handle", null);
        assertThat(state(carol).get("last_error").toString()).contains("resolves to " + alice);
        assertThat(hoursUntil(state(carol).get("next_check_at"))).isBetween(167L, 168L);
        assertThat(state(dave)).containsEntry("status", "invalid").containsEntry("actor_handle", null);
        assertThat(state(erin)).containsEntry("status", "invalid");
        assertThat(state(frank)).containsEntry("status", "invalid");
        assertThat(state(frank).get("last_error").toString()).contains("claims no valid handle");
        assertThat(app.bean(MeterRegistry.class).counter(HandleVerifier.CHECKS, "outcome", "valid").count())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void transientFailuresBackOffAndKeepAVerifiedHandle() throws Exception {
        Did alice = seed(11, "alice.test", false);
        internet.publishDns(Handle.parse("alice.test"), alice);
        verify("all");
        assertThat(state(alice)).containsEntry("status", "valid");

        // due again, but now DNS fails and the well-known answers 500
        app.jdbc().update("UPDATE skybatch.handle_verification SET next_check_at = now() - interval '1 minute'");
        internet.dnsFault("_atproto.alice.test", DnsFault.SERVFAIL);
        internet.httpFault("alice.test", HttpFault.status(500));
        try {
            verify("all");
        } finally {
            internet.clearHttpFault("alice.test");
        }

        Map<String, Object> state = state(alice);
        assertThat(state).containsEntry("status", "valid").containsEntry("failure_count", 1)
                .containsEntry("actor_handle", "alice.test");
        assertThat(hoursUntil(state.get("next_check_at"))).isZero();
        assertThat(Duration.between(OffsetDateTime.now().toInstant(),
                ((java.sql.Timestamp) state.get("next_check_at")).toInstant()).toMinutes()).isCloseTo(60, within(2L));
    }

    @Test
    void aHandleThatMovesLeavesItsOldHolderInTheSameRun() throws Exception {
        Did old = seed(21, "moving.test", false);
        Did fresh = seed(22, "moving.test", false);
        app.jdbc().update("UPDATE bsky.actor SET handle = 'moving.test' WHERE did = ?", old.value());
        internet.publishDns(Handle.parse("moving.test"), fresh);

        verify("all");

        assertThat(state(fresh)).containsEntry("status", "valid").containsEntry("actor_handle", "moving.test");
        assertThat(state(old)).containsEntry("status", "invalid").containsEntry("actor_handle", null);
    }

    @Test
    void tombstonesAreNotDueUntilANewerOperation() throws Exception {
        Did gone = seed(31, null, true);
        verify("all");
        assertThat(state(gone)).containsEntry("status", "tombstoned").containsEntry("next_check_at", null);

        JobExecution again = verify("all");
        assertThat(readCount(again)).isZero();

        app.jdbc().update("UPDATE skybatch.actor_identity SET tombstoned = false, claimed_handle = 'back.test',"
                + " plc_cid = 'revived' WHERE did = ?", gone.value());
        internet.publishDns(Handle.parse("back.test"), gone);
        JobExecution revived = verify("all");
        assertThat(readCount(revived)).isEqualTo(1);
        assertThat(state(gone)).containsEntry("status", "valid").containsEntry("actor_handle", "back.test");
    }

    @Test
    void onlyTakesDueDidsOfTheStatusAsked() throws Exception {
        Did valid = seed(41, "v.test", false);
        Did invalid = seed(42, "i.test", false);
        internet.publishDns(Handle.parse("v.test"), valid);
        verify("all");
        assertThat(readCount(verify("all"))).as("nothing is due right after a run").isZero();

        app.jdbc().update("UPDATE skybatch.handle_verification SET next_check_at = now() - interval '1 minute'");
        JobExecution invalidOnly = verify("invalid");
        assertThat(readCount(invalidOnly)).isEqualTo(1);
        assertThat(state(invalid).get("next_check_at")).isNotNull();
        JobExecution validOnly = verify("valid");
        assertThat(readCount(validOnly)).isEqualTo(1);
        assertThat(readCount(verify("pending"))).isZero();
    }

    private static long readCount(JobExecution execution) {
        return execution.getStepExecutions().stream().filter(s -> s.getStepName().startsWith("verifyHandlesWorkerStep"))
                .mapToLong(s -> s.getReadCount()).sum();
    }
}
