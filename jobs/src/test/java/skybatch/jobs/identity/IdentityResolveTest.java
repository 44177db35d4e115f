package skybatch.jobs.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import skybatch.jobs.testing.LoopbackIdentitySettings;
import skybatch.jobs.testing.SkybatchTestApp;
import skybatch.readers.identity.Identity;
import skybatch.readers.identity.Reason;
import skybatch.readers.identity.Source;
import skybatch.readers.identity.testing.DnsFault;
import skybatch.readers.identity.testing.LoopbackInternet;
import skybatch.readers.identity.testing.TestIdentities;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;

/** {@code identity resolve}'s directory: local PLC documents first, the network after, cached in the database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityResolveTest {

    private LoopbackInternet internet;
    private SkybatchTestApp app;
    private CachedDirectory directory;

    @BeforeAll
    void start() throws Exception {
        internet = LoopbackInternet.start();
        app = SkybatchTestApp.start(LoopbackIdentitySettings.of(internet, "skybatch.identity.cache-failures=1ms"));
        directory = app.bean(CachedDirectory.class);
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
        internet.close();
    }

    @BeforeEach
    void clear() {
        app.clearIdentityTables();
        directory.clear();
    }

    @Test
    void aDidThePlcImportStoredIsAnsweredFromTheDatabase() {
        Did did = TestIdentities.plc(7);
        app.jdbc().update("INSERT INTO skybatch.actor_identity (did, claimed_handle, tombstoned, plc_cid, plc_created_at)"
                + " VALUES (?, 'local.test', false, 'c', now())", did.value());
        app.jdbc().update("INSERT INTO bsky.did_cache (did, doc, \"updatedAt\") VALUES (?, ?::jsonb, 0)", did.value(),
                TestIdentities.document(did, "local.test").toJson());
        internet.publishDns(Handle.parse("local.test"), did);
        int plcRequests = internet.httpTraffic(LoopbackInternet.PLC_HOST).requests();

        Identity identity = directory.lookupDid(did).join();

        assertThat(identity.verified()).isTrue();
        assertThat(identity.documentSource()).contains(Source.CACHE);
        assertThat(identity.handleSource()).contains(Source.DNS);
        assertThat(internet.httpTraffic(LoopbackInternet.PLC_HOST).requests()).isEqualTo(plcRequests);
    }

    @Test
    void anUnknownDidIsFetchedFromThePlcDirectoryAndTheAnswerIsCached() {
        Did did = TestIdentities.plc(8);
        internet.publishDocument(TestIdentities.document(did, "remote.test"));
        internet.publishDns(Handle.parse("remote.test"), did);

        Identity first = directory.lookupHandle(Handle.parse("remote.test")).join();
        int plcRequests = internet.httpTraffic(LoopbackInternet.PLC_HOST).requests();
        Identity second = directory.lookupHandle(Handle.parse("remote.test")).join();

        assertThat(first.verified()).isTrue();
        assertThat(first.documentSource()).contains(Source.PLC);
        assertThat(first.pds()).contains(TestIdentities.PDS);
        assertThat(second.did()).isEqualTo(first.did());
        assertThat(second.verified()).isTrue();
        assertThat(internet.httpTraffic(LoopbackInternet.PLC_HOST).requests()).as("a hit asks nothing")
                .isEqualTo(plcRequests);
        assertThat(directory.cachedIdentifiers()).containsExactly("remote.test");
    }

    @Test
    void failuresAreCachedBrieflyAndRefreshAsksAgain() throws Exception {
        internet.dnsFault("_atproto.flaky.test", DnsFault.NXDOMAIN, 1);
        Identity failed = directory.lookupHandle(Handle.parse("flaky.test")).join();
        assertThat(failed.verified()).isFalse();
        assertThat(failed.failure().orElseThrow().reason()).isEqualTo(Reason.NOT_FOUND);

        Did did = TestIdentities.plc(9);
        internet.publishDocument(TestIdentities.document(did, "flaky.test"));
        internet.publishDns(Handle.parse("flaky.test"), did);
        Thread.sleep(Duration.ofMillis(5).toMillis());
        assertThat(directory.lookupHandle(Handle.parse("flaky.test")).join().verified())
                .as("the failure expired").isTrue();
        assertThat(directory.refresh("flaky.test").join().verified()).isTrue();
    }
}
