package skybatch.readers.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import skybatch.readers.syntax.Did;

class DidDocumentTest {

    private static final Did DID = Did.parse("did:plc:ewvi7nxzyoun6zhxrhs64oiz");

    private static DidDocument sample(List<String> aka) {
        return new DidDocument(DID, aka,
                List.of(new DidDocument.VerificationMethod(DID + "#atproto", "Multikey", DID.value(),
                        "zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF")),
                List.of(new DidDocument.Service("#atproto_pds", DidDocument.PDS_TYPE, "https://pds.example.com")));
    }

    @Test
    void readsWhatAtprotoNeeds() {
        DidDocument doc = sample(List.of("at://Alice.Example.com", "at://other.example.com"));
        assertThat(doc.claimedHandle()).hasValueSatisfying(h -> assertThat(h.value()).isEqualTo("alice.example.com"));
        assertThat(doc.pdsEndpoint()).hasValue("https://pds.example.com");
        assertThat(doc.signingKey()).hasValue("did:key:zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF");
    }

    @Test
    void readsALabelersKeyAndEndpoint() {
        DidDocument labeler = DidDocument.parse("{\"id\":\"did:plc:labeler\",\"verificationMethod\":["
                + "{\"id\":\"did:plc:labeler#atproto\",\"type\":\"Multikey\",\"publicKeyMultibase\":\"zQ3shA\"},"
                + "{\"id\":\"#atproto_label\",\"type\":\"Multikey\",\"publicKeyMultibase\":\"zDnaeB\"}],"
                + "\"service\":[{\"id\":\"#atproto_labeler\",\"type\":\"AtprotoLabeler\","
                + "\"serviceEndpoint\":\"https://mod.example.com\"}]}");

        assertThat(labeler.labelKey()).hasValue("did:key:zDnaeB");
        assertThat(labeler.signingKey()).hasValue("did:key:zQ3shA");
        assertThat(labeler.labelerEndpoint()).hasValue("https://mod.example.com");
        assertThat(labeler.pdsEndpoint()).isEmpty();
    }

    @Test
    void anInvalidFirstHandleMeansNoHandle() {
        assertThat(sample(List.of("https://alice.example.com", "at://not_valid", "at://b.example.com"))
                .claimedHandle()).isEmpty();
    }

    @Test
    void jsonRoundTrips() {
        DidDocument doc = sample(List.of("at://alice.example.com"));
        String json = doc.toJson();
        assertThat(json).startsWith("{\"@context\":[\"https://www.w3.org/ns/did/v1\"");
        assertThat(DidDocument.parse(json)).isEqualTo(doc);
    }

    @Test
    void rejectsDocumentsWithoutId() {
        assertThatThrownBy(() -> DidDocument.parse("{\"alsoKnownAs\":[]}"))
                .isInstanceOf(InvalidDidDocumentException.class).hasMessageContaining("'id'");
        assertThatThrownBy(() -> DidDocument.parse("not json")).isInstanceOf(InvalidDidDocumentException.class);
    }
}
