package skybatch.readers.did;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.InvalidSyntaxException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
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

    private DidDocumentJson() {}

    static String write(DidDocument doc) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeName("@context");
            g.writeStartArray();
            for (String context : CONTEXT) {
                g.writeString(context);
            }
            g.writeEndArray();
            g.writeStringProperty("id", doc.id().value());
            g.writeName("alsoKnownAs");
            g.writeStartArray();
            for (String aka : doc.alsoKnownAs()) {
                g.writeString(aka);
            }
            g.writeEndArray();
            g.writeName("verificationMethod");
            g.writeStartArray();
            for (DidDocument.VerificationMethod vm : doc.verificationMethods()) {
                g.writeStartObject();
                g.writeStringProperty("id", vm.id());
                g.writeStringProperty("type", vm.type());
                g.writeStringProperty("controller", vm.controller());
                g.writeStringProperty("publicKeyMultibase", vm.publicKeyMultibase());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeName("service");
            g.writeStartArray();
            for (DidDocument.Service service : doc.services()) {
                g.writeStartObject();
                g.writeStringProperty("id", service.id());
                g.writeStringProperty("type", service.type());
                g.writeStringProperty("serviceEndpoint", service.serviceEndpoint());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toString();
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
