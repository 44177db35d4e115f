package skybatch.readers.identity.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skybatch.readers.identity.Failure;
import skybatch.readers.identity.IdentityConfig;
import skybatch.readers.identity.IdentityNetwork;
import skybatch.readers.identity.Reason;
import skybatch.readers.identity.ResolvedHandle;
import skybatch.readers.identity.Source;
import skybatch.readers.net.AddressPolicy;
import skybatch.readers.identity.testing.HttpFault;
import skybatch.readers.identity.testing.LoopbackHandleResolvers;
import skybatch.readers.identity.testing.LoopbackIdentity;
import skybatch.readers.identity.testing.LoopbackInternet;
import skybatch.readers.identity.testing.Outcomes;
import skybatch.readers.identity.testing.TestIdentities;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;

class WellKnownHandleResolverTest {

    private static final Handle ALICE = Handle.parse("alice.test");
    private static final Did DID = TestIdentities.plc(3);

    @RegisterExtension
    final LoopbackIdentity loopback = new LoopbackIdentity();
    private final LoopbackHandleResolvers<WellKnownHandleResolver> handles = new LoopbackHandleResolvers<>(loopback,
            IdentityNetwork::wellKnownHandles);

    @Test
    void readsTheTrimmedBody() {
        loopback.internet().wellKnown(ALICE.value(), "  " + DID.value() + "\r\n");

        assertThat(handles.resolver().resolve(ALICE).join()).isEqualTo(new ResolvedHandle(DID, Source.HTTP));
        assertThat(loopback.internet().httpTraffic(ALICE.value()).targets())
                .containsExactly("http://alice.test:" + loopback.internet().httpAddress().getPort()
                        + "/.well-known/atproto-did");
    }

    @Test
    void aBodyThatIsNotADidIsInvalid() {
        loopback.internet().wellKnown(ALICE.value(), "<html>hello</html>");

        Failure failure = handles.failureOf(ALICE);
        assertThat(failure.reason()).isEqualTo(Reason.INVALID_DID);
        assertThat(failure.source()).isEqualTo(Source.HTTP);
    }

    @Test
    void missingIsNotFound() {
        loopback.internet().content(ALICE.value(), "/index.html", 200, "text/html", "home");

        Failure failure = handles.failureOf(ALICE);
        assertThat(failure.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(failure.isTransient()).isFalse();
    }

    @Test
    void aHostWithoutAddressIsNotFoundWithoutARequest() {
        Failure failure = handles.failureOf(ALICE);

        assertThat(failure.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(failure.detail()).contains("NXDOMAIN");
        assertThat(loopback.internet().httpTotal().requests()).isZero();
    }

    @Test
    void serverErrorsAreTransient() {
        loopback.internet().httpFault(ALICE.value(), HttpFault.status(500));

        Failure failure = handles.failureOf(ALICE);
        assertThat(failure.reason()).isEqualTo(Reason.SERVER_ERROR);
        assertThat(failure.detail()).contains("500");
        assertThat(failure.isTransient()).isTrue();
    }

    @Test
    void tooManyRequestsIsTransient() {
        loopback.internet().httpFault(ALICE.value(), HttpFault.status(429));

        Failure failure = handles.failureOf(ALICE);
        assertThat(failure.reason()).isEqualTo(Reason.TOO_MANY_REQUESTS);
        assertThat(failure.isTransient()).isTrue();
    }

    @Test
    void otherClientErrorsAreDefinitive() {
        loopback.internet().httpFault(ALICE.value(), HttpFault.status(403));

        Failure failure = handles.failureOf(ALICE);
        assertThat(failure.reason()).isEqualTo(Reason.HTTP_STATUS);
        assertThat(failure.detail()).contains("403");
        assertThat(failure.isTransient()).isFalse();
    }

    @Test
    void aSilentHostTimesOut() {
        loopback.internet().httpFault(ALICE.value(), HttpFault.silence());
        IdentityConfig config = loopback.internet().config();
        WellKnownHandleResolver resolver = handles.resolver(
                config.withHttp(config.http().withTimeout(LoopbackInternet.SHORT)));

        long start = System.nanoTime();
        Failure failure = Outcomes.failureOf(resolver.resolve(ALICE));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(failure.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(failure.isTransient()).isTrue();
        assertThat(elapsed).isBetween(LoopbackInternet.SHORT, Duration.ofMillis(900));
    }

    @Test
    void aBodyLongerThanTwoKilobytesIsRefusedWhileReading() {
        loopback.internet().httpFault(ALICE.value(), HttpFault.oversizedBody(1024 * 1024));

        assertThat(handles.failureOf(ALICE).reason()).isEqualTo(Reason.BODY_TOO_LARGE);
    }

    @Test
    void aBodyAnnouncedLongerThanTwoKilobytesIsRefused() {
        loopback.internet().wellKnown(ALICE.value(), DID.value() + " ".repeat(WellKnownHandleResolver.MAX_BYTES));

        assertThat(handles.failureOf(ALICE).reason()).isEqualTo(Reason.BODY_TOO_LARGE);
    }

    @Test
    void aBodyOfExactlyTwoKilobytesIsRead() {
        String body = DID.value();
        loopback.internet().wellKnown(ALICE.value(),
                body + " ".repeat(WellKnownHandleResolver.MAX_BYTES - body.length()));

        assertThat(handles.resolver().resolve(ALICE).join().did()).isEqualTo(DID);
    }

    @Test
    void followsRedirects() {
        int port = loopback.internet().httpAddress().getPort();
        loopback.internet().httpFault(ALICE.value(), HttpFault.redirect("http://home.test:" + port + "/alice"));
        loopback.internet().content("home.test", "/alice", 200, "text/plain", DID.value());

        assertThat(handles.resolver().resolve(ALICE).join().did()).isEqualTo(DID);
        assertThat(loopback.internet().httpTraffic("home.test").requests()).isEqualTo(1);
    }

    @Test
    void stopsAfterTheConfiguredNumberOfRedirects() {
        loopback.internet().httpFault(ALICE.value(), HttpFault.redirect("/.well-known/atproto-did"));

        Failure failure = handles.failureOf(ALICE);

        assertThat(failure.reason()).isEqualTo(Reason.BAD_REDIRECT);
        assertThat(loopback.internet().httpTraffic(ALICE.value()).requests())
                .isEqualTo(IdentityConfig.Http.https().maxRedirects() + 1);
    }

    @Test
    void refusesARedirectToAnotherScheme() {
        loopback.internet().httpFault(ALICE.value(), HttpFault.redirect("ftp://alice.test/did"));

        assertThat(handles.failureOf(ALICE).reason()).isEqualTo(Reason.BAD_REDIRECT);
    }

    @Test
    void refusesARedirectToAPrivateAddressWithoutConnecting() {
        loopback.internet().httpFault(ALICE.value(), HttpFault.redirect("http://10.0.0.1/.well-known/atproto-did"));

        Failure failure = handles.failureOf(ALICE);

        assertThat(failure.reason()).isEqualTo(Reason.BLOCKED_ADDRESS);
        assertThat(failure.detail()).contains("10.0.0.1");
        assertThat(loopback.internet().httpTraffic("10.0.0.1").requests()).isZero();
        assertThat(loopback.internet().httpTotal().requests()).isEqualTo(1);
    }

    @Test
    void refusesARedirectToANameWithAPrivateAddress() {
        loopback.internet().address("intranet.test", "192.168.1.20");
        loopback.internet().httpFault(ALICE.value(), HttpFault.redirect("http://intranet.test/admin"));

        assertThat(handles.failureOf(ALICE).reason()).isEqualTo(Reason.BLOCKED_ADDRESS);
        assertThat(loopback.internet().httpTraffic("intranet.test").requests()).isZero();
    }

    @Test
    void refusesAHandleWithAPrivateOrLinkLocalAddress() {
        for (String address : new String[] {"10.1.2.3", "172.16.0.1", "169.254.169.254", "fd00::1", "::1"}) {
            Handle handle = Handle.parse("h" + address.replaceAll("[.:]", "-") + ".test");
            loopback.internet().address(handle.value(), address);
            loopback.internet().wellKnown(handle.value(), DID.value());
            WellKnownHandleResolver resolver = handles.resolver();

            Failure failure = Outcomes.failureOf(resolver.resolve(handle));

            assertThat(failure.reason()).as(address).isEqualTo(Reason.BLOCKED_ADDRESS);
            assertThat(loopback.internet().httpTraffic(handle.value()).requests()).as(address).isZero();
        }
    }

    @Test
    void refusesLoopbackUnlessAllowed() {
        loopback.internet().wellKnown(ALICE.value(), DID.value());
        WellKnownHandleResolver resolver = handles.resolver(loopback.internet().config()
                .withAddresses(AddressPolicy.publicOnly()));

        assertThat(Outcomes.failureOf(resolver.resolve(ALICE)).reason()).isEqualTo(Reason.BLOCKED_ADDRESS);
        assertThat(loopback.internet().httpTotal().requests()).isZero();
    }

    @Test
    void aRefusedConnectionIsTransient() throws IOException {
        InetSocketAddress closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }
        loopback.internet().wellKnown(ALICE.value(), DID.value());
        IdentityConfig config = loopback.internet().config();

        Failure failure = Outcomes.failureOf(
                handles.resolver(config.withHttp(config.http().withProxy(closed, 0))).resolve(ALICE));

        assertThat(failure.reason()).isEqualTo(Reason.CONNECTION_FAILED);
        assertThat(failure.isTransient()).isTrue();
    }

    /** Without the fixture's proxy: requests go through the egress guard, which resolves with the fixture's DNS. */
    private WellKnownHandleResolver directResolver(int port, AddressPolicy policy) {
        IdentityConfig config = loopback.internet().config();
        return handles.resolver(config.withHttp(IdentityConfig.Http.https().withEndpoint("http", port)
                .withTimeout(LoopbackInternet.TIMEOUT)).withAddresses(policy));
    }

    @Test
    void connectsToTheAddressItsDnsGave() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/.well-known/atproto-did", exchange -> {
            byte[] body = DID.value().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            loopback.internet().address(ALICE.value(), "127.0.0.1"); // a name only the fixture's DNS knows
            WellKnownHandleResolver resolver = directResolver(server.getAddress().getPort(),
                    AddressPolicy.publicOnly().allowing("127.0.0.1"));

            assertThat(resolver.resolve(ALICE).join()).isEqualTo(new ResolvedHandle(DID, Source.HTTP));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aHandleRebindingToAPrivateAddressIsRefusedWhenConnecting() throws IOException {
        try (ServerSocket internal = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.2"))) {
            // public for the check before the request, then the address of our own network
            loopback.internet().rebinding(ALICE.value(), "93.184.216.34", "127.0.0.2");
            WellKnownHandleResolver resolver = directResolver(internal.getLocalPort(), AddressPolicy.publicOnly());

            Failure failure = Outcomes.failureOf(resolver.resolve(ALICE));

            assertThat(failure.reason()).isEqualTo(Reason.BLOCKED_ADDRESS);
            internal.setSoTimeout(1);
            assertThatThrownBy(internal::accept).as("no connection reached it")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }
}
