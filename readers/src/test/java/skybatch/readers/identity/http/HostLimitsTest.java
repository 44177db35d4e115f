package skybatch.readers.identity.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skybatch.readers.identity.Failure;
import skybatch.readers.identity.IdentityConfig;
import skybatch.readers.identity.IdentityNetwork;
import skybatch.readers.identity.Reason;
import skybatch.readers.identity.ResolvedDocument;
import skybatch.readers.identity.ResolvedHandle;
import skybatch.readers.identity.testing.HttpFault;
import skybatch.readers.identity.testing.LoopbackIdentity;
import skybatch.readers.identity.testing.LoopbackInternet;
import skybatch.readers.identity.testing.Outcomes;
import skybatch.readers.identity.testing.TestIdentities;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;

/** The limits of {@link HttpFetcher} as the fixture's hosts see them. */
class HostLimitsTest {

    private static final Handle ALICE = Handle.parse("alice.test");
    private static final Did DID = TestIdentities.plc(21);
    private static final String PLC = LoopbackInternet.PLC_HOST;

    @RegisterExtension
    final LoopbackIdentity loopback = new LoopbackIdentity();

    /** The network of the limits the test set. */
    private IdentityNetwork network;

    private IdentityNetwork network(UnaryOperator<IdentityConfig.Limits> limits) {
        IdentityConfig config = loopback.internet().config();
        network = loopback.network(config.withLimits(limits.apply(config.limits())));
        return network;
    }

    private List<Did> publishDocuments(int count) {
        List<Did> dids = IntStream.range(0, count).mapToObj(TestIdentities::plc).toList();
        dids.forEach(did -> loopback.internet().publishDocument(TestIdentities.document(did, "alice.test")));
        return dids;
    }

    private List<CompletableFuture<ResolvedDocument>> fetchAll(List<Did> dids) {
        return dids.stream().map(network.plcDocuments()::fetch).toList();
    }

    @Test
    void theCircuitOpensAfterConsecutiveTransientFailuresAndClosesAfterASuccessfulTrial() throws Exception {
        WellKnownHandleResolver resolver = network(limits -> limits.withBreaker(3, LoopbackInternet.SHORT))
                .wellKnownHandles();
        loopback.internet().httpFault(ALICE.value(), HttpFault.status(503));
        for (int i = 0; i < 3; i++) {
            assertThat(Outcomes.failureOf(resolver.resolve(ALICE)).reason()).isEqualTo(Reason.SERVER_ERROR);
        }

        Failure refused = Outcomes.failureOf(resolver.resolve(ALICE));
        assertThat(refused.reason()).isEqualTo(Reason.CIRCUIT_OPEN);
        assertThat(refused.isTransient()).isTrue();
        assertThat(loopback.internet().httpTraffic(ALICE.value()).requests()).isEqualTo(3);

        loopback.internet().clearHttpFault(ALICE.value());
        loopback.internet().publishWellKnown(ALICE, DID);
        Thread.sleep(LoopbackInternet.SHORT.toMillis() + 20);

        assertThat(resolver.resolve(ALICE).join()).extracting(ResolvedHandle::did).isEqualTo(DID);
        assertThat(resolver.resolve(ALICE).join()).extracting(ResolvedHandle::did).isEqualTo(DID);
        assertThat(loopback.internet().httpTraffic(ALICE.value()).requests()).isEqualTo(5);
    }

    @Test
    void aDeadHostStopsCostingTime() {
        IdentityConfig config = loopback.internet().config();
        WellKnownHandleResolver resolver = loopback.network(config
                .withHttp(config.http().withTimeout(LoopbackInternet.SHORT))
                .withLimits(config.limits().withBreaker(2, Duration.ofMinutes(1)))).wellKnownHandles();
        loopback.internet().httpFault(ALICE.value(), HttpFault.silence());
        for (int i = 0; i < 2; i++) {
            assertThat(Outcomes.failureOf(resolver.resolve(ALICE)).reason()).isEqualTo(Reason.TIMEOUT);
        }

        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            assertThat(Outcomes.failureOf(resolver.resolve(ALICE)).reason()).isEqualTo(Reason.CIRCUIT_OPEN);
        }

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LoopbackInternet.SHORT);
        assertThat(loopback.internet().httpTraffic(ALICE.value()).requests()).isEqualTo(2);
    }

    @Test
    void requestsToOneHostStayWithinItsConcurrencyCap() {
        network(limits -> limits.withHost(PLC, new IdentityConfig.HostLimits(3, 10_000, 10_000)));
        List<Did> dids = publishDocuments(12);
        loopback.internet().latency(Duration.ofMillis(50));

        List<CompletableFuture<ResolvedDocument>> fetches = fetchAll(dids);

        assertThat(fetches).allSatisfy(fetch -> assertThat(fetch.join().document().id()).isNotNull());
        assertThat(loopback.internet().httpTraffic(PLC).requests()).isEqualTo(12);
        assertThat(loopback.internet().httpTraffic(PLC).maxConcurrent()).isEqualTo(3);
    }

    @Test
    void allRequestsStayWithinTheGlobalCap() {
        network(limits -> limits.withMaxInFlight(4));
        List<Handle> handles = IntStream.range(0, 12).mapToObj(i -> Handle.parse("user" + i + ".test")).toList();
        handles.forEach(handle -> loopback.internet().publishWellKnown(handle, DID));
        loopback.internet().latency(Duration.ofMillis(50));

        List<CompletableFuture<ResolvedHandle>> resolutions =
                handles.stream().map(network.wellKnownHandles()::resolve).toList();

        assertThat(resolutions).allSatisfy(r -> assertThat(r.join().did()).isEqualTo(DID));
        assertThat(loopback.internet().httpTotal().maxConcurrent()).isEqualTo(4);
    }

    @Test
    void requestsToOneHostAreSpacedByItsRateLimit() {
        network(limits -> limits.withHost(PLC, new IdentityConfig.HostLimits(10, 20, 1)));
        List<Did> dids = publishDocuments(6);

        long start = System.nanoTime();
        fetchAll(dids).forEach(CompletableFuture::join);

        List<Long> arrivals = loopback.internet().httpTraffic(PLC).arrivalNanos();
        assertThat(arrivals).hasSize(6);
        // 20 per second is one each 50 ms: five intervals between six requests, the first sent no sooner than the
        // fetches began (counted from there, not from the first arrival, which a busy machine delays at random)
        assertThat(Duration.ofNanos(arrivals.get(5) - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aRequestThatWouldWaitTooLongForTheRateLimitIsRefused() {
        network(limits -> limits.withHost(PLC, new IdentityConfig.HostLimits(10, 1, 1))
                .withMaxRateWait(Duration.ofMillis(100)));
        List<Did> dids = publishDocuments(2);

        List<CompletableFuture<ResolvedDocument>> fetches = fetchAll(dids);

        assertThat(fetches.get(0).join().document().id()).isEqualTo(dids.get(0));
        Failure refused = Outcomes.failureOf(fetches.get(1));
        assertThat(refused.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(refused.isTransient()).isTrue();
        assertThat(loopback.internet().httpTraffic(PLC).requests()).isEqualTo(1);
    }

    @Test
    void transientFailuresAreRetriedWithBackoff() {
        WellKnownHandleResolver resolver = network(limits -> limits.withRetries(2, Duration.ofMillis(10)))
                .wellKnownHandles();
        loopback.internet().publishWellKnown(ALICE, DID);
        loopback.internet().httpFault(ALICE.value(), HttpFault.status(429), 2);

        assertThat(resolver.resolve(ALICE).join().did()).isEqualTo(DID);
        assertThat(loopback.internet().httpTraffic(ALICE.value()).requests()).isEqualTo(3);
    }

    @Test
    void definitiveFailuresAreNotRetried() {
        WellKnownHandleResolver resolver = network(limits -> limits.withRetries(2, Duration.ofMillis(10)))
                .wellKnownHandles();
        loopback.internet().httpFault(ALICE.value(), HttpFault.status(404));

        assertThat(Outcomes.failureOf(resolver.resolve(ALICE)).reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(loopback.internet().httpTraffic(ALICE.value()).requests()).isEqualTo(1);
    }
}
