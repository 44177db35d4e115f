package skybatch.readers.identity.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skybatch.readers.identity.Failure;
import skybatch.readers.identity.IdentityConfig;
import skybatch.readers.identity.IdentityNetwork;
import skybatch.readers.identity.Reason;
import skybatch.readers.identity.ResolvedHandle;
import skybatch.readers.identity.Source;
import skybatch.readers.identity.testing.DnsFault;
import skybatch.readers.identity.testing.LoopbackHandleResolvers;
import skybatch.readers.identity.testing.LoopbackIdentity;
import skybatch.readers.identity.testing.LoopbackInternet;
import skybatch.readers.identity.testing.Outcomes;
import skybatch.readers.identity.testing.TestIdentities;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;

class DnsHandleResolverTest {

    private static final Handle ALICE = Handle.parse("alice.test");
    private static final String RECORD = "_atproto.alice.test";
    private static final Did DID = TestIdentities.plc(7);

    @RegisterExtension
    final LoopbackIdentity loopback = new LoopbackIdentity();
    private final LoopbackHandleResolvers<DnsHandleResolver> handles = new LoopbackHandleResolvers<>(loopback,
            IdentityNetwork::dnsHandles);

    @Test
    void readsTheDidRecordAmongOtherTxtRecords() {
        loopback.internet().txt(RECORD, "v=spf1 -all", "did=" + DID.value());

        assertThat(handles.resolver().resolve(ALICE).join()).isEqualTo(new ResolvedHandle(DID, Source.DNS));
    }

    @Test
    void anUnknownNameIsNotFound() {
        Failure failure = handles.failureOf(ALICE);

        assertThat(failure.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(failure.source()).isEqualTo(Source.DNS);
        assertThat(failure.detail()).contains("NXDOMAIN");
        assertThat(failure.isTransient()).isFalse();
    }

    @Test
    void nxdomainIsNotFoundEvenWhereRecordsExist() {
        loopback.internet().txt(RECORD, "did=" + DID.value());
        loopback.internet().dnsFault(RECORD, DnsFault.NXDOMAIN);

        assertThat(handles.failureOf(ALICE).reason()).isEqualTo(Reason.NOT_FOUND);
    }

    @Test
    void aNameWithoutDidRecordIsNotFound() {
        loopback.internet().txt(RECORD, "did:plc:not-prefixed", "something else");

        assertThat(handles.failureOf(ALICE).reason()).isEqualTo(Reason.NOT_FOUND);
    }

    @Test
    void twoDidRecordsAreNoAnswer() {
        loopback.internet().txt(RECORD, "did=" + DID.value(), "did=" + TestIdentities.plc(8).value());

        Failure failure = handles.failureOf(ALICE);
        assertThat(failure.reason()).isEqualTo(Reason.SEVERAL_RECORDS);
        assertThat(failure.isTransient()).isFalse();
    }

    @Test
    void aRecordThatIsNotADidIsInvalid() {
        loopback.internet().txt(RECORD, "did=not a did");

        assertThat(handles.failureOf(ALICE).reason()).isEqualTo(Reason.INVALID_DID);
    }

    @Test
    void servfailIsTransient() {
        loopback.internet().txt(RECORD, "did=" + DID.value());
        loopback.internet().dnsFault(RECORD, DnsFault.SERVFAIL);

        Failure failure = handles.failureOf(ALICE);
        assertThat(failure.reason()).isEqualTo(Reason.DNS_SERVER_FAILURE);
        assertThat(failure.isTransient()).isTrue();
    }

    @Test
    void aSilentServerTimesOutWithinTheConfiguredTimeout() {
        loopback.internet().dnsFault(RECORD, DnsFault.TIMEOUT);
        DnsHandleResolver resolver = handles.resolver(loopback.internet().config().withDns(
                loopback.internet().config().dns().withTimeout(LoopbackInternet.SHORT)));

        long start = System.nanoTime();
        Failure failure = Outcomes.failureOf(resolver.resolve(ALICE));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(failure.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(failure.isTransient()).isTrue();
        // dnsjava alone would notice only on its next one-second tick
        assertThat(elapsed).isBetween(LoopbackInternet.SHORT, Duration.ofMillis(900));
    }

    @Test
    void transientFailuresAreRetried() {
        loopback.internet().txt(RECORD, "did=" + DID.value());
        loopback.internet().dnsFault(RECORD, DnsFault.SERVFAIL, 2);
        IdentityConfig config = loopback.internet().config();
        DnsHandleResolver resolver = handles.resolver(
                config.withLimits(config.limits().withRetries(2, Duration.ofMillis(5))));

        assertThat(resolver.resolve(ALICE).join().did()).isEqualTo(DID);
        assertThat(loopback.internet().dnsTraffic(RECORD).requests()).isEqualTo(3);
    }

    @Test
    void anAnswerTooLargeForUdpIsAskedAgainOverTcp() {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            values.add("filler-" + i + "-" + "x".repeat(100));
        }
        values.add("did=" + DID.value());
        loopback.internet().txt(RECORD, values.toArray(String[]::new));

        assertThat(handles.resolver().resolve(ALICE).join().did()).isEqualTo(DID);
        assertThat(loopback.internet().dnsTraffic(RECORD).requests()).isEqualTo(2);
    }

    @Test
    void aNameTooLongForDnsIsNotFoundWithoutAQuery() {
        String label = "a".repeat(60);
        Handle longHandle = Handle.parse(String.join(".", label, label, label, label) + ".test");

        Failure failure = Outcomes.failureOf(handles.resolver().resolve(longHandle));

        assertThat(failure.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(failure.detail()).contains("not a DNS name");
    }

    @Test
    void aFailingServerIsPassedOverForTheNextOne() throws IOException {
        InetSocketAddress deadServer;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            deadServer = new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }
        loopback.internet().txt(RECORD, "did=" + DID.value());
        IdentityConfig config = loopback.internet().config();
        DnsHandleResolver resolver = handles.resolver(config
                .withDns(new IdentityConfig.Dns(List.of(deadServer, loopback.internet().dnsAddress()),
                        LoopbackInternet.SHORT))
                .withLimits(config.limits().withRetries(1, Duration.ofMillis(5))));

        for (int i = 0; i < 3; i++) {
            assertThat(resolver.resolve(ALICE).join().did()).isEqualTo(DID);
        }
    }
}
