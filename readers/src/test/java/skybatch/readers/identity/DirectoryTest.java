package skybatch.readers.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skybatch.readers.identity.testing.DnsFault;
import skybatch.readers.identity.testing.LoopbackIdentity;
import skybatch.readers.identity.testing.LoopbackInternet;
import skybatch.readers.identity.testing.TestIdentities;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;

class DirectoryTest {

    private static final Handle ALICE = Handle.parse("alice.test");
    private static final Did ALICE_DID = TestIdentities.plc(1);
    private static final Did OTHER_DID = TestIdentities.plc(2);

    @RegisterExtension
    final LoopbackIdentity loopback = new LoopbackIdentity();

    @Test
    void verifiesAHandleByDns() {
        loopback.internet().publishDns(ALICE, ALICE_DID);
        loopback.internet().publishDocument(TestIdentities.document(ALICE_DID, ALICE.value()));

        Identity identity = loopback.network().lookupHandle(ALICE).join();

        assertThat(identity.failure()).isEmpty();
        assertThat(identity.verified()).isTrue();
        assertThat(identity.did()).hasValue(ALICE_DID);
        assertThat(identity.handle()).hasValue(ALICE);
        assertThat(identity.handleSource()).hasValue(Source.DNS);
        assertThat(identity.documentSource()).hasValue(Source.PLC);
        assertThat(identity.pds()).hasValue(TestIdentities.PDS);
        assertThat(identity.signingKey()).hasValue("did:key:" + TestIdentities.KEY);
    }

    @Test
    void fallsBackToTheWellKnownWhenDnsHasNoRecord() {
        loopback.internet().publishWellKnown(ALICE, ALICE_DID);
        loopback.internet().publishDocument(TestIdentities.document(ALICE_DID, ALICE.value()));

        Identity identity = loopback.network().lookupHandle(ALICE).join();

        assertThat(identity.verified()).isTrue();
        assertThat(identity.handleSource()).hasValue(Source.HTTP);
    }

    @Test
    void prefersDnsAndThenDoesNotAskTheWellKnown() {
        loopback.internet().publishDns(ALICE, ALICE_DID);
        loopback.internet().publishWellKnown(ALICE, OTHER_DID);
        loopback.internet().publishDocument(TestIdentities.document(ALICE_DID, ALICE.value()));

        Identity identity = loopback.network().lookupHandle(ALICE).join();

        assertThat(identity.did()).hasValue(ALICE_DID);
        assertThat(loopback.internet().httpTraffic(ALICE.value()).requests()).isZero();
    }

    @Test
    void aHandleResolvingToTheDidOfADocumentThatClaimsAnotherHandleIsNotVerified() {
        loopback.internet().publishDns(ALICE, ALICE_DID);
        loopback.internet().publishDocument(TestIdentities.document(ALICE_DID, "bob.test"));

        Identity identity = loopback.network().lookupHandle(ALICE).join();

        assertThat(identity.verified()).isFalse();
        assertThat(identity.did()).hasValue(ALICE_DID);
        assertThat(identity.failure()).hasValueSatisfying(failure -> {
            assertThat(failure.reason()).isEqualTo(Reason.HANDLE_NOT_CLAIMED);
            assertThat(failure.source()).isEqualTo(Source.PLC);
            assertThat(failure.isTransient()).isFalse();
        });
    }

    @Test
    void aDocumentClaimingAHandleThatResolvesElsewhereIsNotVerified() {
        loopback.internet().publishDocument(TestIdentities.document(ALICE_DID, ALICE.value()));
        loopback.internet().publishDns(ALICE, OTHER_DID);

        Identity identity = loopback.network().lookupDid(ALICE_DID).join();

        assertThat(identity.verified()).isFalse();
        assertThat(identity.did()).hasValue(ALICE_DID);
        assertThat(identity.handle()).hasValue(ALICE);
        assertThat(identity.handleSource()).hasValue(Source.DNS);
        assertThat(identity.pds()).hasValue(TestIdentities.PDS);
        assertThat(identity.failure()).hasValueSatisfying(failure -> {
            assertThat(failure.reason()).isEqualTo(Reason.WRONG_DID);
            assertThat(failure.detail()).contains(OTHER_DID.value());
        });
    }

    @Test
    void verifiesByDidBothWays() {
        loopback.internet().publishDocument(TestIdentities.document(ALICE_DID, ALICE.value()));
        loopback.internet().publishDns(ALICE, ALICE_DID);

        Identity identity = loopback.network().lookupDid(ALICE_DID).join();

        assertThat(identity.verified()).isTrue();
        assertThat(identity.handle()).hasValue(ALICE);
        assertThat(identity.handleSource()).hasValue(Source.DNS);
        assertThat(identity.documentSource()).hasValue(Source.PLC);
    }

    @Test
    void verifiesADidWebByDidAndByHandle() {
        Did did = Did.parse("did:web:carol.test");
        Handle carol = Handle.parse("carol.test");
        loopback.internet().publishDocument(TestIdentities.document(did, carol.value()));
        loopback.internet().publishWellKnown(carol, did);

        assertThat(loopback.network().lookupDid(did).join().verified()).isTrue();
        Identity byHandle = loopback.network().lookupHandle(carol).join();
        assertThat(byHandle.verified()).isTrue();
        assertThat(byHandle.documentSource()).hasValue(Source.WEB);
    }

    @Test
    void aDocumentWithoutHandleIsNotVerified() {
        loopback.internet().publishDocument(TestIdentities.document(ALICE_DID));

        Identity identity = loopback.network().lookupDid(ALICE_DID).join();

        assertThat(identity.failure()).hasValueSatisfying(
                failure -> assertThat(failure.reason()).isEqualTo(Reason.HANDLE_NOT_CLAIMED));
        assertThat(identity.handle()).isEmpty();
    }

    @Test
    void reservedTopLevelDomainsAreNotResolved() {
        Handle laptop = Handle.parse("laptop.local");
        loopback.internet().publishDocument(TestIdentities.document(ALICE_DID, laptop.value()));

        Identity byHandle = loopback.network().lookupHandle(laptop).join();
        Identity byDid = loopback.network().lookupDid(ALICE_DID).join();

        assertThat(byHandle.failure()).hasValueSatisfying(failure -> {
            assertThat(failure.reason()).isEqualTo(Reason.INVALID_HANDLE);
            assertThat(failure.source()).isEqualTo(Source.INPUT);
        });
        assertThat(byDid.failure()).hasValueSatisfying(
                failure -> assertThat(failure.reason()).isEqualTo(Reason.INVALID_HANDLE));
        assertThat(loopback.internet().dnsTraffic("_atproto.laptop.local").requests()).isZero();
        assertThat(loopback.internet().httpTraffic("laptop.local").requests()).isZero();
    }

    @Test
    void aTransientDnsFailureOutweighsAMissingWellKnown() {
        loopback.internet().dnsFault("_atproto." + ALICE.value(), DnsFault.SERVFAIL);

        Identity identity = loopback.network().lookupHandle(ALICE).join();

        assertThat(identity.failure()).hasValueSatisfying(failure -> {
            assertThat(failure.reason()).isEqualTo(Reason.DNS_SERVER_FAILURE);
            assertThat(failure.isTransient()).isTrue();
        });
    }

    @Test
    void aMissingDocumentKeepsTheResolvedDid() {
        loopback.internet().publishDns(ALICE, ALICE_DID);

        Identity identity = loopback.network().lookupHandle(ALICE).join();

        assertThat(identity.did()).hasValue(ALICE_DID);
        assertThat(identity.handleSource()).hasValue(Source.DNS);
        assertThat(identity.failure()).hasValueSatisfying(failure -> {
            assertThat(failure.reason()).isEqualTo(Reason.NOT_FOUND);
            assertThat(failure.source()).isEqualTo(Source.PLC);
        });
    }

    @Test
    void otherDidMethodsAreUnsupported() {
        Identity identity = loopback.network()
                .lookupDid(Did.parse("did:key:zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF")).join();

        assertThat(identity.failure()).hasValueSatisfying(failure -> {
            assertThat(failure.reason()).isEqualTo(Reason.UNSUPPORTED_DID_METHOD);
            assertThat(failure.source()).isEqualTo(Source.INPUT);
        });
    }

    @Test
    void aStoreOfDocumentsCanBeAskedBeforeTheNetwork() {
        Handle bob = Handle.parse("bob.test");
        loopback.internet().publishDns(ALICE, ALICE_DID);
        loopback.internet().publishDns(bob, OTHER_DID);
        loopback.internet().publishDocument(TestIdentities.document(OTHER_DID, bob.value()));
        DidDocumentSource store = did -> did.equals(ALICE_DID)
                ? CompletableFuture.completedFuture(
                        new ResolvedDocument(TestIdentities.document(ALICE_DID, ALICE.value()), Source.CACHE))
                : CompletableFuture.failedFuture(
                        new ResolutionException(new Failure(Reason.NOT_FOUND, Source.CACHE, "not stored")));
        IdentityDirectory directory = new BasicDirectory(loopback.network().handles(),
                store.orElse(loopback.network().documents()));

        Identity stored = directory.lookupHandle(ALICE).join();
        Identity fetched = directory.lookupHandle(bob).join();

        assertThat(stored.verified()).isTrue();
        assertThat(stored.documentSource()).hasValue(Source.CACHE);
        assertThat(fetched.verified()).isTrue();
        assertThat(fetched.documentSource()).hasValue(Source.PLC);
        assertThat(loopback.internet().httpTraffic(LoopbackInternet.PLC_HOST).requests()).isEqualTo(1);
    }
}
