package skybatch.readers.did;

import java.util.ArrayList;
import java.util.List;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.InvalidSyntaxException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The W3C JSON form of a {@link DidDocument}, written the way the PLC directory serves it. */
final class DidDocumentJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final List<String> CONTEXT = List.of(
            "https://www.w3.org/ns/did/v1",
            "https://w3id.org/security/multikey/v1",
            "https://w3id.org/security/suites/secp256k1-2019/v1");

    /** The opening of every document: the context, then the id's name. */
    private static final String HEAD = "{\"@context\":[\"" + String.join("\",\"", CONTEXT) + "\"],\"id\":";

    private DidDocumentJson() {}

    /**
     * Laid out here rather than by a Jackson generator, whose set-up per document cost more than parsing the PLC
     * operation it comes from; the strings are escaped by Jackson's encoder, so the bytes are those its generator
     * writes.
     */
    static String write(DidDocument doc) {
        StringBuilder out = new StringBuilder(1024); // a PLC document is 500-700 characters: no regrowth
        out.append(HEAD);
        string(out, doc.id().value());
        out.append(",\"alsoKnownAs\":[");
        for (int i = 0; i < doc.alsoKnownAs().size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            string(out, doc.alsoKnownAs().get(i));
        }
        out.append("],\"verificationMethod\":[");
        for (int i = 0; i < doc.verificationMethods().size(); i++) {
            DidDocument.VerificationMethod vm = doc.verificationMethods().get(i);
            out.append(i > 0 ? ",{\"id\":" : "{\"id\":");
            string(out, vm.id());
            out.append(",\"type\":");
            string(out, vm.type());
            out.append(",\"controller\":");
            string(out, vm.controller());
            out.append(",\"publicKeyMultibase\":");
            string(out, vm.publicKeyMultibase());
            out.append('}');
        }
        out.append("],\"service\":[");
        for (int i = 0; i < doc.services().size(); i++) {
            DidDocument.Service service = doc.services().get(i);
            out.append(i > 0 ? ",{\"id\":" : "{\"id\":");
            string(out, service.id());
            out.append(",\"type\":");
            string(out, service.type());
            out.append(",\"serviceEndpoint\":");
            string(out, service.serviceEndpoint());
            out.append('}');
        }
        return out.append("]}").toString();
    }

    /**
     * A JSON string, or {@code null}; escaped by Jackson's own encoder, as its generator escapes. Printable ASCII
     * without a quote or backslash, which that encoder leaves as it is, is appended at once: nearly every DID, handle,
     * key and endpoint is such text, and the encoder's call cost more than the rest of the document.
     */
    private static void string(StringBuilder out, String value) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        if (plain(value)) {
            out.append(value);
        } else {
            JsonStringEncoder.getInstance().quoteAsString(value, out);
        }
        out.append('"');
    }

    private static boolean plain(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    static DidDocument read(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidDidDocumentException("DID document is not JSON: " + e.getOriginalMessage(), e);
        }
        if (!root.isObject() || !root.path("id").isString()) {
            throw new InvalidDidDocumentException("DID document has no string 'id'");
        }
        Did id;
        try {
            id = Did.parse(root.get("id").asString());
        } catch (InvalidSyntaxException e) {
            throw new InvalidDidDocumentException("DID document id: " + e.getMessage(), e);
        }
        List<String> aka = new ArrayList<>();
        for (JsonNode entry : root.path("alsoKnownAs")) {
            if (entry.isString()) {
                aka.add(entry.asString());
            }
        }
        List<DidDocument.VerificationMethod> methods = new ArrayList<>();
        for (JsonNode vm : root.path("verificationMethod")) {
            if (vm.path("id").isString()) {
                methods.add(new DidDocument.VerificationMethod(vm.get("id").asString(), text(vm, "type"),
                        text(vm, "controller"), text(vm, "publicKeyMultibase")));
            }
        }
        List<DidDocument.Service> services = new ArrayList<>();
        for (JsonNode service : root.path("service")) {
            if (service.path("id").isString() && service.path("serviceEndpoint").isString()) {
                services.add(new DidDocument.Service(service.get("id").asString(), text(service, "type"),
                        service.get("serviceEndpoint").asString()));
            }
        }
        return new DidDocument(id, aka, methods, services);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }
}
