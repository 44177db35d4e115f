package skybatch.readers.identity.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import skybatch.readers.did.DidDocument;
import skybatch.readers.identity.Failure;
import skybatch.readers.identity.IdentityNetwork;
import skybatch.readers.identity.Reason;
import skybatch.readers.identity.ResolvedDocument;
import skybatch.readers.identity.Source;
import skybatch.readers.identity.testing.HttpFault;
import skybatch.readers.identity.testing.LoopbackInternet;
import skybatch.readers.identity.testing.Outcomes;
import skybatch.readers.identity.testing.TestIdentities;
import skybatch.readers.syntax.Did;

class DidDocumentSourcesTest {

    private static final Did PLC_DID = TestIdentities.plc(11);

    private LoopbackInternet internet;
    private IdentityNetwork network;

    @BeforeEach
    void start() throws IOException {
        internet = LoopbackInternet.start();
        network = IdentityNetwork.create(internet.config());
    }

    @AfterEach
    void stop() throws IOException {
        network.close();
        internet.close();
    }

    private Failure plcFailure() {
        return Outcomes.failureOf(network.plcDocuments().fetch(PLC_DID));
    }

    @Test
    void fetchesFromThePlcDirectory() {
        DidDocument document = TestIdentities.document(PLC_DID, "alice.test");
        internet.publishDocument(document);

        assertThat(network.plcDocuments().fetch(PLC_DID).join())
                .isEqualTo(new ResolvedDocument(document, Source.PLC));
        assertThat(internet.httpTraffic(LoopbackInternet.PLC_HOST).targets()).singleElement()
                .asString().endsWith("/" + PLC_DID.value());
    }

    @Test
    void anUnknownDidIsNotFound() {
        Failure failure = plcFailure();

        assertThat(failure.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(failure.source()).isEqualTo(Source.PLC);
        assertThat(failure.isTransient()).isFalse();
    }

    @Test
    void aTombstonedDidIsGone() {
        internet.plcTombstone(PLC_DID);

        Failure failure = plcFailure();

        assertThat(failure.reason()).isEqualTo(Reason.TOMBSTONED);
        assertThat(failure.isTransient()).isFalse();
    }

    @Test
    void theDocumentOfAnotherDidIsInvalid() {
        internet.plcDocument(PLC_DID, TestIdentities.document(TestIdentities.plc(12), "alice.test").toJson());

        Failure failure = plcFailure();

        assertThat(failure.reason()).isEqualTo(Reason.INVALID_DOCUMENT);
        assertThat(failure.detail()).contains(TestIdentities.plc(12).value());
    }

    @Test
    void aBodyThatIsNotADocumentIsInvalid() {
        internet.plcDocument(PLC_DID, "[1, 2, 3]");

        assertThat(plcFailure().reason()).isEqualTo(Reason.INVALID_DOCUMENT);
    }

    @Test
    void aDocumentLargerThanTheLimitIsRefused() {
        DidDocument document = TestIdentities.document(PLC_DID, "alice.test", "x".repeat(DocumentBodies.MAX_BYTES));
        internet.publishDocument(document);

        assertThat(plcFailure().reason()).isEqualTo(Reason.BODY_TOO_LARGE);
    }

    @Test
    void aDocumentStreamedPastTheLimitIsRefused() {
        internet.httpFault(LoopbackInternet.PLC_HOST, HttpFault.oversizedBody(10 * DocumentBodies.MAX_BYTES));

        assertThat(plcFailure().reason()).isEqualTo(Reason.BODY_TOO_LARGE);
    }

    @Test
    void aMalformedPlcDidIsNotAsked() {
        Failure failure = Outcomes.failureOf(network.plcDocuments().fetch(Did.parse("did:plc:short")));

        assertThat(failure.reason()).isEqualTo(Reason.INVALID_DID);
        assertThat(failure.source()).isEqualTo(Source.INPUT);
        assertThat(internet.httpTotal().requests()).isZero();
    }

    @Test
    void fetchesDidWebFromTheHostsWellKnown() {
        Did did = Did.parse("did:web:bob.test");
        DidDocument document = TestIdentities.document(did, "bob.test");
        internet.publishDocument(document);

        assertThat(network.webDocuments().fetch(did).join()).isEqualTo(new ResolvedDocument(document, Source.WEB));
        assertThat(internet.httpTraffic("bob.test").targets()).singleElement().asString()
                .isEqualTo("http://bob.test:" + internet.httpAddress().getPort() + "/.well-known/did.json");
    }

    @Test
    void aDidWebPortIsPercentEncoded() {
        Did did = Did.parse("did:web:bob.test%3A8443");
        internet.publishDocument(TestIdentities.document(did, "bob.test"));

        assertThat(network.webDocuments().fetch(did).join().document().id()).isEqualTo(did);
        assertThat(internet.httpTraffic("bob.test").targets()).singleElement().asString()
                .isEqualTo("http://bob.test:8443/.well-known/did.json");
    }

    @Test
    void didWebWithPathsOrAddressesIsUnsupported() {
        for (String value : new String[] {"did:web:bob.test:users:bob", "did:web:10.0.0.1", "did:web:localhost",
                "did:web:bob.test%3A99999", "did:web:bob.test%2Fpath"}) {
            Failure failure = Outcomes.failureOf(network.webDocuments().fetch(Did.parse(value)));

            assertThat(failure.reason()).as(value).isEqualTo(Reason.UNSUPPORTED_DID_METHOD);
        }
        assertThat(internet.httpTotal().requests()).isZero();
    }

    @Test
    void theCombinedSourceSendsEachMethodToItsSource() {
        Did web = Did.parse("did:web:bob.test");
        internet.publishDocument(TestIdentities.document(web, "bob.test"));
        internet.publishDocument(TestIdentities.document(PLC_DID, "alice.test"));

        assertThat(network.documents().fetch(web).join().source()).isEqualTo(Source.WEB);
        assertThat(network.documents().fetch(PLC_DID).join().source()).isEqualTo(Source.PLC);
    }
}
