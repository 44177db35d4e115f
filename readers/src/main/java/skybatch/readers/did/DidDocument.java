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
        for (String aka : alsoKnownAs) {
            if (aka.startsWith("at://")) {
                return Handle.tryParse(aka.substring("at://".length()));
            }
        }
        return Optional.empty();
    }

    /** The atproto PDS endpoint, from the service {@code #atproto_pds} of type AtprotoPersonalDataServer. */
    public Optional<String> pdsEndpoint() {
        return endpoint(ATPROTO_PDS, PDS_TYPE);
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
        return endpoint(LABELER, LABELER_TYPE);
    }

    // Loops rather than streams: the PLC import asks every operation's document for its handle, PDS and key.
    private Optional<String> endpoint(String name, String type) {
        for (Service service : services) {
            if (matches(service.id(), name) && type.equals(service.type())) {
                return Optional.of(service.serviceEndpoint());
            }
        }
        return Optional.empty();
    }

    private Optional<String> key(String name) {
        for (VerificationMethod vm : verificationMethods) {
            if (matches(vm.id(), name) && vm.publicKeyMultibase() != null) {
                return Optional.of("did:key:" + vm.publicKeyMultibase());
            }
        }
        return Optional.empty();
    }

    /** Whether the id is {@code #name} or {@code <this DID>#name}. */
    private boolean matches(String fragmentOrFullId, String name) {
        int hash = fragmentOrFullId.length() - name.length() - 1;
        return fragmentOrFullId.endsWith(name) && hash >= 0 && fragmentOrFullId.charAt(hash) == '#'
                && (hash == 0 || hash == id.value().length() && fragmentOrFullId.startsWith(id.value()));
    }

    public String toJson() {
        return DidDocumentJson.write(this);
    }

    /** Parses the W3C JSON form; throws {@link InvalidDidDocumentException} when required parts are missing. */
    public static DidDocument parse(String json) {
        return DidDocumentJson.read(json);
    }
}
