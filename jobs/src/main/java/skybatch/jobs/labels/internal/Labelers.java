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
import skybatch.readers.identity.Identity;
import skybatch.readers.identity.IdentityDirectory;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;

/**
 * The labelers of SKYBATCH_LABELERS, each resolved once (its DID document: the {@code #atproto_label} key and the
 * {@code #atproto_labeler} endpoint) with its journal ({@code <journals>/<did>}) open.
 *
 * <p>A labeler named by host is resolved to its DID first, as atproto identifies a service: the host as a handle
 * (DNS {@code _atproto.<host>} or {@code https://<host>/.well-known/atproto-did}, verified both ways: the DID's
 * document must claim the handle), else {@code did:web:<host>} when that host serves a DID document. There is no
 * labeler endpoint that names its own DID ({@code com.atproto.server.describeServer} is a PDS's, and a labeler's
 * endpoint host is often not its handle), so a host that is neither fails, asking for the DID.
 */
public class Labelers implements AutoCloseable {

    private final List<LabelerSetting> settings;
    private final DidDocumentSource documents;
    private final IdentityDirectory identities;
    private final Path journals;
    private final Map<Did, Labeler> resolved = new LinkedHashMap<>();
    private final Map<Handle, Did> hosts = new LinkedHashMap<>();

    /** @param identities resolves the handles of labelers named by host */
    public Labelers(List<String> entries, DidDocumentSource documents, IdentityDirectory identities, Path journals) {
        this.settings = entries.stream().filter(entry -> !entry.isBlank()).map(LabelerSetting::parse).toList();
        this.documents = documents;
        this.identities = identities;
        this.journals = journals;
    }

    /** How many labelers are configured (nothing is resolved). */
    public int count() {
        return settings.size();
    }

    public boolean isEmpty() {
        return settings.isEmpty();
    }

    /**
     * The labelers' DIDs, in order; empty when SKYBATCH_LABELERS is. Those named by host are resolved (once).
     *
     * @throws IllegalStateException when a host resolves to no DID
     */
    public synchronized List<Did> dids() {
        return settings.stream().map(this::did).toList();
    }

    private Did did(LabelerSetting setting) {
        return setting.did() != null ? setting.did() : hosts.computeIfAbsent(setting.host(), this::resolveHost);
    }

    /** The host as a handle (verified both ways), else did:web:host if it serves a document. */
    private Did resolveHost(Handle host) {
        Identity identity;
        try {
            identity = identities.lookupHandle(host).join();
        } catch (RuntimeException e) {
            identity = null;
        }
        if (identity != null && identity.verified() && identity.did().isPresent()) {
            return identity.did().get();
        }
        String why = identity == null ? "its lookup failed" : identity.failure().map(f -> f.reason() + ": "
                + f.detail()).orElse("it does not resolve both ways");
        Did web = Did.parse("did:web:" + host.value());
        try {
            documents.fetch(web).join();
            return web;
        } catch (RuntimeException e) {
            throw new IllegalStateException("SKYBATCH_LABELERS: the host " + host.value() + " is neither a handle"
                    + " (" + why + ") nor the host of did:web:" + host.value() + " (" + e.getMessage()
                    + "); name the labeler by its DID");
        }
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
        LabelerSetting setting = settings.stream().filter(s -> did(s).equals(did)).findFirst()
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
