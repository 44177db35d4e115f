package skybatch.jobs.labels.internal;

import java.net.URI;
import skybatch.readers.syntax.Did;

/**
 * One entry of SKYBATCH_LABELERS: a labeler's DID, and optionally {@code =URL}, its endpoint, when its DID
 * document's {@code #atproto_labeler} service should not be used.
 */
public record LabelerSetting(Did did, URI endpoint) {

    public static LabelerSetting parse(String entry) {
        int equals = entry.indexOf('=');
        String did = (equals < 0 ? entry : entry.substring(0, equals)).trim();
        Did parsed = Did.tryParse(did).orElseThrow(() -> new IllegalArgumentException(
                "SKYBATCH_LABELERS: '" + did + "' is not a DID (a labeler is named by its DID, optionally =URL)"));
        return new LabelerSetting(parsed, equals < 0 ? null : URI.create(entry.substring(equals + 1).trim()));
    }
}
