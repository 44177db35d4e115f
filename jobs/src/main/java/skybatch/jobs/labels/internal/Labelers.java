package skybatch.jobs.labels.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import skybatch.readers.crypto.PublicKey;
import skybatch.readers.did.DidDocument;
import skybatch.readers.firehose.Journal;
import skybatch.readers.identity.DidDocumentSource;
import skybatch.readers.syntax.Did;

/**
 * The labelers of SKYBATCH_LABELERS, each resolved once (its DID document: the {@code #atproto_label} key and the
 * {@code #atproto_labeler} endpoint) with its journal ({@code <journals>/<did>}) open.
 */
public class Labelers implements AutoCloseable {

    private final List<LabelerSetting> settings;
    private final DidDocumentSource documents;
    private final Path journals;
    private final Map<Did, Labeler> resolved = new LinkedHashMap<>();

    public Labelers(List<String> entries, DidDocumentSource documents, Path journals) {
        this.settings = entries.stream().filter(entry -> !entry.isBlank()).map(LabelerSetting::parse).toList();
        this.documents = documents;
        this.journals = journals;
    }

    /** The labelers configured, in order; empty when SKYBATCH_LABELERS is. */
    public List<Did> dids() {
        return settings.stream().map(LabelerSetting::did).toList();
    }

    /** Every labeler, resolved. */
    public synchronized List<Labeler> all() {
        List<Labeler> all = new ArrayList<>();
        for (LabelerSetting setting : settings) {
            all.add(get(setting.did()));
        }
        return all;
    }

    /**
     * A labeler, resolved on first use.
     *
     * @throws IllegalStateException when its document cannot be had or names no label key (or no endpoint)
     */
    public synchronized Labeler get(Did did) {
        return resolved.computeIfAbsent(did, this::resolve);
    }

    /** The journal directory of a labeler. */
    public Path journalDirectory(Did did) {
        return journals.resolve(did.value());
    }

    private Labeler resolve(Did did) {
        LabelerSetting setting = settings.stream().filter(s -> s.did().equals(did)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(did + " is not in SKYBATCH_LABELERS"));
        DidDocument document;
        try {
            document = documents.fetch(did).join().document();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot resolve the labeler " + did + ": " + e.getMessage(), e);
        }
        String key = document.labelKey().orElseThrow(() -> new IllegalStateException("the DID document of labeler "
                + did + " has no #atproto_label key"));
        URI endpoint = setting.endpoint() != null ? setting.endpoint() : document.labelerEndpoint().map(URI::create)
                .orElseThrow(() -> new IllegalStateException("the DID document of labeler " + did
                        + " has no #atproto_labeler service; name its endpoint in SKYBATCH_LABELERS as DID=URL"));
        return new Labeler(did, endpoint, PublicKey.fromDidKey(key), Journal.open(journalDirectory(did)));
    }

    @Override
    public synchronized void close() {
        resolved.values().forEach(labeler -> labeler.journal().close());
        resolved.clear();
    }
}
