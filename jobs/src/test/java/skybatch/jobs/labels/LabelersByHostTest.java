package skybatch.jobs.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import skybatch.jobs.identity.CachedDirectory;
import skybatch.jobs.labels.internal.Labeler;
import skybatch.jobs.labels.internal.Labelers;
import skybatch.jobs.testing.LoopbackIdentitySettings;
import skybatch.jobs.testing.SkybatchTestApp;
import skybatch.readers.crypto.Curve;
import skybatch.readers.did.DidDocument;
import skybatch.readers.identity.IdentityNetwork;
import skybatch.readers.identity.testing.LoopbackInternet;
import skybatch.readers.labels.TestLabeler;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;

/**
 * SKYBATCH_LABELERS entries that name a labeler by host: the host as a handle verified both ways, else
 * {@code did:web:<host>}, over DNS and HTTPS stand-ins on 127.0.0.1; then the key and endpoint from the document.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabelersByHostTest {

    private static final TestLabeler BY_HANDLE = new TestLabeler("did:plc:handlelabelerhandlelabel", Curve.K256);
    private static final TestLabeler BY_WEB = new TestLabeler("did:web:web-labeler.test", Curve.P256);

    @TempDir
    Path dir;

    private LoopbackInternet internet;
    private SkybatchTestApp app;

    @BeforeAll
    void start() throws Exception {
        internet = LoopbackInternet.start();
        app = SkybatchTestApp.start(LoopbackIdentitySettings.of(internet));
        internet.publishDocument(document(BY_HANDLE, "labeler.test", "https://labels.labeler.test"));
        internet.publishDns(Handle.parse("labeler.test"), Did.parse(BY_HANDLE.did()));
        internet.publishDocument(document(BY_WEB, "web-labeler.test", "https://web-labeler.test"));
        // a handle whose DID's document does not claim it: not the labeler's
        internet.publishDns(Handle.parse("claims.test"), Did.parse(BY_HANDLE.did()));
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
        internet.close();
    }

    private static DidDocument document(TestLabeler labeler, String handle, String endpoint) {
        Did did = Did.parse(labeler.did());
        return new DidDocument(did, List.of("at://" + handle),
                List.of(new DidDocument.VerificationMethod(did + "#atproto_label", "Multikey", did.value(),
                        labeler.key().didKey().substring("did:key:".length()))),
                List.of(new DidDocument.Service("#atproto_labeler", DidDocument.LABELER_TYPE, endpoint)));
    }

    private Labelers labelers(String... entries) {
        return new Labelers(List.of(entries), app.bean(IdentityNetwork.class).documents(),
                app.bean(CachedDirectory.class), dir.resolve("journals-" + System.nanoTime()));
    }

    @Test
    void aHostThatIsTheLabelersHandleResolvesToItsDidAndDocument() {
        try (Labelers labelers = labelers("labeler.test", "https://web-labeler.test/")) {
            assertThat(labelers.count()).isEqualTo(2);

            assertThat(labelers.dids()).containsExactly(Did.parse(BY_HANDLE.did()), Did.parse(BY_WEB.did()));
            Labeler byHandle = labelers.get(Did.parse(BY_HANDLE.did()));
            assertThat(byHandle.key()).isEqualTo(BY_HANDLE.key().publicKey());
            assertThat(byHandle.endpoint()).hasToString("https://labels.labeler.test");
            assertThat(byHandle.journal().dir()).endsWith(Path.of(BY_HANDLE.did()));
            Labeler byWeb = labelers.get(Did.parse(BY_WEB.did()));
            assertThat(byWeb.key()).isEqualTo(BY_WEB.key().publicKey());
            assertThat(byWeb.endpoint()).hasToString("https://web-labeler.test");
        }
    }

    @Test
    void aHostThatIsNeitherAVerifiedHandleNorADidWebHostFailsAskingForTheDid() {
        try (Labelers labelers = labelers("claims.test")) {
            assertThat(labelers.isEmpty()).isFalse();
            assertThatThrownBy(labelers::dids).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the host claims.test is neither a handle")
                    .hasMessageContaining("did:web:claims.test")
                    .hasMessageEndingWith("name the labeler by its DID");
        }
    }

    @Test
    void entriesThatAreNeitherDidsNorHostsAreRefused() {
        assertThatThrownBy(() -> labelers("not a host")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'not a host' is neither a DID nor a host name");
        assertThatThrownBy(() -> labelers("did:nope")).hasMessageContaining("'did:nope' is not a DID");
    }
}
