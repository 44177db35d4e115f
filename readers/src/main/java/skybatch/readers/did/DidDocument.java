package skybatch.readers.did;

import java.util.List;
import java.util.Optional;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;

/**
 * The parts of a DID document that atproto reads. Method and service ids are kept as written in the document
 * ({@code #atproto} or {@code did:plc:...#atproto}); {@link #matches} compares them either way.
 */
public record DidDocument(Did id, List<String> alsoKnownAs, List<VerificationMethod> verificationMethods,
        List<Service> services) {

    public static final String ATPROTO_KEY = "atproto";
    public static final String ATPROTO_PDS = "atproto_pds";
    public static final String PDS_TYPE = "AtprotoPersonalDataServer";
    public static final String LABEL_KEY = "atproto_label";
    public static final String LABELER = "atproto_labeler";
    public static final String LABELER_TYPE = "AtprotoLabeler";

    public DidDocument {
        alsoKnownAs = List.copyOf(alsoKnownAs);
        verificationMethods = List.copyOf(verificationMethods);
        services = List.copyOf(services);
    }

    /** A public key; {@code publicKeyMultibase} is the {@code z...} multibase of a compressed point. */
    public record VerificationMethod(String id, String type, String controller, String publicKeyMultibase) {}

    public record Service(String id, String type, String serviceEndpoint) {}

    /**
     * The handle the document claims: the first {@code at://} entry of alsoKnownAs, if it is a valid handle.
     * Only the first counts, so that a document cannot claim several handles.
     */
    public Optional<Handle> claimedHandle() {
        return alsoKnownAs.stream()
                .filter(aka -> aka.startsWith("at://"))
                .findFirst()
                .flatMap(aka -> Handle.tryParse(aka.substring("at://".length())));
    }

    /** The atproto PDS endpoint, from the service {@code #atproto_pds} of type AtprotoPersonalDataServer. */
    public Optional<String> pdsEndpoint() {
        return services.stream()
                .filter(s -> matches(s.id(), ATPROTO_PDS) && PDS_TYPE.equals(s.type()))
                .map(Service::serviceEndpoint)
                .findFirst();
    }

    /** The atproto signing key as a {@code did:key}, from the verification method {@code #atproto}. */
    public Optional<String> signingKey() {
        return key(ATPROTO_KEY);
    }

    /** The key a labeler signs its labels with, as a {@code did:key}, from the verification method {@code #atproto_label}. */
    public Optional<String> labelKey() {
        return key(LABEL_KEY);
    }

    /** A labeler's endpoint, from the service {@code #atproto_labeler} of type AtprotoLabeler. */
    public Optional<String> labelerEndpoint() {
        return services.stream()
                .filter(s -> matches(s.id(), LABELER) && LABELER_TYPE.equals(s.type()))
                .map(Service::serviceEndpoint)
                .findFirst();
    }

    private Optional<String> key(String name) {
        return verificationMethods.stream()
                .filter(vm -> matches(vm.id(), name) && vm.publicKeyMultibase() != null)
                .map(vm -> "did:key:" + vm.publicKeyMultibase())
                .findFirst();
    }

    private boolean matches(String fragmentOrFullId, String name) {
        return fragmentOrFullId.equals("#" + name) || fragmentOrFullId.equals(id.value() + "#" + name);
    }

    public String toJson() {
        return DidDocumentJson.write(this);
    }

    /** Parses the W3C JSON form; throws {@link InvalidDidDocumentException} when required parts are missing. */
    public static DidDocument parse(String json) {
        return DidDocumentJson.read(json);
    }
}
