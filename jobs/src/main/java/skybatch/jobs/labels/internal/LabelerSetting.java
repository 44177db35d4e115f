package skybatch.jobs.labels.internal;

import java.net.URI;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;

/**
 * One entry of SKYBATCH_LABELERS: a labeler's DID, or its host name ({@code moderation.example.com}, resolved to
 * a DID by {@link Labelers}), and optionally {@code =URL}, its endpoint, when its DID document's
 * {@code #atproto_labeler} service should not be used.
 *
 * @param did      the labeler's DID, or null when it is named by host
 * @param host     the host it is named by, or null when it is named by DID
 * @param endpoint the endpoint given, or null
 */
public record LabelerSetting(Did did, Handle host, URI endpoint) {

    public static LabelerSetting parse(String entry) {
        int equals = entry.indexOf('=');
        String name = (equals < 0 ? entry : entry.substring(0, equals)).trim();
        URI endpoint = equals < 0 ? null : URI.create(entry.substring(equals + 1).trim());
        if (name.startsWith("did:")) {
            Did parsed = Did.tryParse(name).orElseThrow(() -> new IllegalArgumentException(
                    "SKYBATCH_LABELERS: '" + name + "' is not a DID"));
            return new LabelerSetting(parsed, null, endpoint);
        }
        String host = name.replaceFirst("^https?://", "").replaceFirst("/+$", "");
        Handle parsed = Handle.tryParse(host).orElseThrow(() -> new IllegalArgumentException(
                "SKYBATCH_LABELERS: '" + name + "' is neither a DID nor a host name (a labeler is named by its DID"
                        + " or its handle, optionally =URL)"));
        return new LabelerSetting(null, parsed, endpoint);
    }

    /** The name as given, for messages. */
    public String name() {
        return did != null ? did.value() : host.value();
    }
}
