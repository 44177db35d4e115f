package skybatch.readers.identity.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skybatch.readers.did.DidDocument;
import skybatch.readers.identity.Failure;
import skybatch.readers.identity.Reason;
import skybatch.readers.identity.ResolvedDocument;
import skybatch.readers.identity.Source;
import skybatch.readers.identity.testing.HttpFault;
import skybatch.readers.identity.testing.LoopbackIdentity;
import skybatch.readers.identity.testing.LoopbackInternet;
import skybatch.readers.identity.testing.Outcomes;
import skybatch.readers.identity.testing.TestIdentities;
import skybatch.readers.syntax.Did;

class DidDocumentSourcesTest {

    private static final Did PLC_DID = TestIdentities.plc(11);

    @RegisterExtension
    final LoopbackIdentity loopback = new LoopbackIdentity();

    private Failure plcFailure() {
        return Outcomes.failureOf(loopback.network().plcDocuments().fetch(PLC_DID));
    }

    @Test
    void fetchesFromThePlcDirectory() {
        DidDocument document = TestIdentities.document(PLC_DID, "alice.test");
        loopback.internet().publishDocument(document);

        assertThat(loopback.network().plcDocuments().fetch(PLC_DID).join())
                .isEqualTo(new ResolvedDocument(document, Source.PLC));
        assertThat(loopback.internet().httpTraffic(LoopbackInternet.PLC_HOST).targets()).singleElement()
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
        loopback.internet().plcTombstone(PLC_DID);

        Failure failure = plcFailure();

        assertThat(failure.reason()).isEqualTo(Reason.TOMBSTONED);
        assertThat(failure.isTransient()).isFalse();
    }

    @Test
    void theDocumentOfAnotherDidIsInvalid() {
        loopback.internet().plcDocument(PLC_DID,
                TestIdentities.document(TestIdentities.plc(12), "alice.test").toJson());

        Failure failure = plcFailure();

        assertThat(failure.reason()).isEqualTo(Reason.INVALID_DOCUMENT);
        assertThat(failure.detail()).contains(TestIdentities.plc(12).value());
    }

    @Test
    void aBodyThatIsNotADocumentIsInvalid() {
        loopback.internet().plcDocument(PLC_DID, "[1, 2, 3]");

        assertThat(plcFailure().reason()).isEqualTo(Reason.INVALID_DOCUMENT);
    }

    @Test
    void aDocumentLargerThanTheLimitIsRefused() {
        DidDocument document = TestIdentities.document(PLC_DID, "alice.test", "x".repeat(DocumentBodies.MAX_BYTES));
        loopback.internet().publishDocument(document);

        assertThat(plcFailure().reason()).isEqualTo(Reason.BODY_TOO_LARGE);
    }

    @Test
    void aDocumentStreamedPastTheLimitIsRefused() {
        loopback.internet().httpFault(LoopbackInternet.PLC_HOST,
                HttpFault.oversizedBody(10 * DocumentBodies.MAX_BYTES));

        assertThat(plcFailure().reason()).isEqualTo(Reason.BODY_TOO_LARGE);
    }

    @Test
    void aMalformedPlcDidIsNotAsked() {
        Failure failure = Outcomes.failureOf(loopback.network().plcDocuments().fetch(Did.parse("did:plc:short")));

        assertThat(failure.reason()).isEqualTo(Reason.INVALID_DID);
        assertThat(failure.source()).isEqualTo(Source.INPUT);
        assertThat(loopback.internet().httpTotal().requests()).isZero();
    }

    @Test
    void fetchesDidWebFromTheHostsWellKnown() {
        Did did = Did.parse("did:web:bob.test");
        DidDocument document = TestIdentities.document(did, "bob.test");
        loopback.internet().publishDocument(document);

        assertThat(loopback.network().webDocuments().fetch(did).join())
                .isEqualTo(new ResolvedDocument(document, Source.WEB));
        assertThat(loopback.internet().httpTraffic("bob.test").targets()).singleElement().asString()
                .isEqualTo("http://bob.test:" + loopback.internet().httpAddress().getPort() + "/.well-known/did.json");
    }

    @Test
    void aDidWebPortIsPercentEncoded() {
        Did did = Did.parse("did:web:bob.test%3A8443");
        loopback.internet().publishDocument(TestIdentities.document(did, "bob.test"));

        assertThat(loopback.network().webDocuments().fetch(did).join().document().id()).isEqualTo(did);
        assertThat(loopback.internet().httpTraffic("bob.test").targets()).singleElement().asString()
                .isEqualTo("http://bob.test:8443/.well-known/did.json");
    }

    @Test
    void didWebWithPathsOrAddressesIsUnsupported() {
        for (String value : new String[] {"did:web:bob.test:users:bob", "did:web:10.0.0.1", "did:web:localhost",
                "did:web:bob.test%3A99999", "did:web:bob.test%2Fpath"}) {
            Failure failure = Outcomes.failureOf(loopback.network().webDocuments().fetch(Did.parse(value)));

            assertThat(failure.reason()).as(value).isEqualTo(Reason.UNSUPPORTED_DID_METHOD);
        }
        assertThat(loopback.internet().httpTotal().requests()).isZero();
    }

    @Test
    void theCombinedSourceSendsEachMethodToItsSource() {
        Did web = Did.parse("did:web:bob.test");
        loopback.internet().publishDocument(TestIdentities.document(web, "bob.test"));
        loopback.internet().publishDocument(TestIdentities.document(PLC_DID, "alice.test"));

        assertThat(loopback.network().documents().fetch(web).join().source()).isEqualTo(Source.WEB);
        assertThat(loopback.network().documents().fetch(PLC_DID).join().source()).isEqualTo(Source.PLC);
    }
}
