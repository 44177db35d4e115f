package skybatch.readers.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import skybatch.readers.syntax.Did;
import tools.jackson.databind.json.JsonMapper;

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

    /** The JSON is written by hand: the same bytes as Jackson writes the same values in the same order. */
    @Test
    void writesTheJsonJacksonWrites() {
        StringBuilder every = new StringBuilder();
        List<String> aka = new ArrayList<>(List.of("at://a.test"));
        for (char c = 0; c < 0x100; c++) {
            every.append(c);
            aka.add("a" + c); // each alone too: plain text is written by hand, the rest by Jackson's encoder
        }
        String text = every.append("\u2028\ud83d\ude00\uffff").toString();
        aka.add(text);
        DidDocument doc = new DidDocument(DID, aka,
                List.of(new DidDocument.VerificationMethod("#" + text, "Multikey", DID.value(), null),
                        new DidDocument.VerificationMethod("#b", null, text, "z")),
                List.of(new DidDocument.Service("#s", text, "https://e"), new DidDocument.Service("#t", "u", "v")));
        Map<String, Object> same = new LinkedHashMap<>();
        same.put("@context", List.of("https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1",
                "https://w3id.org/security/suites/secp256k1-2019/v1"));
        same.put("id", DID.value());
        same.put("alsoKnownAs", doc.alsoKnownAs());
        same.put("verificationMethod", doc.verificationMethods().stream().map(vm -> ordered(
                "id", vm.id(), "type", vm.type(), "controller", vm.controller(),
                "publicKeyMultibase", vm.publicKeyMultibase())).toList());
        same.put("service", doc.services().stream().map(s -> ordered(
                "id", s.id(), "type", s.type(), "serviceEndpoint", s.serviceEndpoint())).toList());
        assertThat(doc.toJson()).isEqualTo(JsonMapper.builder().build().writeValueAsString(same));
        assertThat(new DidDocument(DID, List.of(), List.of(), List.of()).toJson())
                .endsWith("\"alsoKnownAs\":[],\"verificationMethod\":[],\"service\":[]}");
    }

    private static Map<String, String> ordered(String... namesAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void findsIdsByFragmentOrFullId() {
        DidDocument doc = new DidDocument(DID, List.of(),
                List.of(new DidDocument.VerificationMethod("did:plc:other#atproto", "Multikey", "", "zA"),
                        new DidDocument.VerificationMethod("x#atproto", "Multikey", "", "zB"),
                        new DidDocument.VerificationMethod(DID.value() + "#atproto", "Multikey", "", "zC")),
                List.of(new DidDocument.Service("atproto_pds", DidDocument.PDS_TYPE, "https://a"),
                        new DidDocument.Service("#atproto_pds", "Other", "https://b"),
                        new DidDocument.Service("#atproto_pds", DidDocument.PDS_TYPE, "https://c")));
        assertThat(doc.signingKey()).hasValue("did:key:zC");
        assertThat(doc.pdsEndpoint()).hasValue("https://c");
        assertThat(doc.labelKey()).isEmpty();
    }

    @Test
    void rejectsDocumentsWithoutId() {
        assertThatThrownBy(() -> DidDocument.parse("{\"alsoKnownAs\":[]}"))
                .isInstanceOf(InvalidDidDocumentException.class).hasMessageContaining("'id'");
        assertThatThrownBy(() -> DidDocument.parse("not json")).isInstanceOf(InvalidDidDocumentException.class);
    }
}
