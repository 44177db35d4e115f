package skybatch.jobs.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import skybatch.jobs.SkybatchProperties;
import skybatch.readers.did.DidDocument;
import skybatch.readers.identity.Failure;
import skybatch.readers.identity.Identity;
import skybatch.readers.identity.IdentityDirectory;
import skybatch.readers.identity.Reason;
import skybatch.readers.identity.Source;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A read-through cache of another directory in {@code skybatch.identity_cache}: verified answers are kept for
 * {@code cacheHits} (24 h), failures for {@code cacheFailures} (5 min), so a dead host is not asked again at once
 * but a fixed record is soon seen.
 */
public class CachedDirectory implements IdentityDirectory {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final IdentityDirectory delegate;
    private final JdbcTemplate jdbc;
    private final SkybatchProperties.Identity settings;
    private final Clock clock;

    public CachedDirectory(IdentityDirectory delegate, DataSource dataSource, SkybatchProperties.Identity settings,
            Clock clock) {
        this.delegate = delegate;
        this.jdbc = new JdbcTemplate(dataSource);
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Identity> lookupHandle(Handle handle) {
        return cached("handle:" + handle.value(), key -> delegate.lookupHandle(handle));
    }

    @Override
    public CompletableFuture<Identity> lookupDid(Did did) {
        return cached("did:" + did.value(), key -> delegate.lookupDid(did));
    }

    /** Asks the directory below, bypassing the cache, and stores the fresh answer. */
    public CompletableFuture<Identity> refresh(String handleOrDid) {
        return handleOrDid.startsWith("did:")
                ? delegate.lookupDid(Did.parse(handleOrDid)).thenApply(id -> store("did:" + handleOrDid, id))
                : delegate.lookupHandle(Handle.parse(handleOrDid)).thenApply(id -> store("handle:" + Handle.parse(handleOrDid).value(), id));
    }

    /** Every cached key, without its prefix: what {@code identity cache refresh} re-resolves. */
    public List<String> cachedIdentifiers() {
        return jdbc.queryForList("SELECT substring(key from position(':' in key) + 1) FROM skybatch.identity_cache"
                + " ORDER BY key", String.class);
    }

    public int clear() {
        return jdbc.update("DELETE FROM skybatch.identity_cache");
    }

    private CompletableFuture<Identity> cached(String key, Function<String, CompletableFuture<Identity>> lookup) {
        List<String> hit = jdbc.queryForList("SELECT identity::text FROM skybatch.identity_cache"
                + " WHERE key = ? AND expires_at > ?", String.class, key, Timestamp.from(clock.instant()));
        if (!hit.isEmpty()) {
            return CompletableFuture.completedFuture(fromJson(hit.get(0)));
        }
        return lookup.apply(key).thenApply(identity -> store(key, identity));
    }

    private Identity store(String key, Identity identity) {
        Instant now = clock.instant();
        Instant expires = now.plus(identity.verified() ? settings.cacheHits() : settings.cacheFailures());
        jdbc.update("""
                INSERT INTO skybatch.identity_cache (key, verified, identity, cached_at, expires_at)
                VALUES (?, ?, ?::jsonb, ?, ?)
                ON CONFLICT (key) DO UPDATE SET verified = excluded.verified, identity = excluded.identity,
                    cached_at = excluded.cached_at, expires_at = excluded.expires_at
                """, key, identity.verified(), toJson(identity), Timestamp.from(now), Timestamp.from(expires));
        return identity;
    }

    public static String toJson(Identity identity) {
        ObjectNode node = JSON.createObjectNode();
        identity.did().ifPresent(did -> node.put("did", did.value()));
        identity.handle().ifPresent(handle -> node.put("handle", handle.value()));
        identity.handleSource().ifPresent(source -> node.put("handleSource", source.name()));
        identity.documentSource().ifPresent(source -> node.put("documentSource", source.name()));
        identity.document().ifPresent(doc -> node.set("document", JSON.readTree(doc.toJson())));
        identity.failure().ifPresent(failure -> node.putObject("failure").put("reason", failure.reason().name())
                .put("source", failure.source().name()).put("detail", failure.detail()));
        return node.toString();
    }

    static Identity fromJson(String json) {
        JsonNode node = JSON.readTree(json);
        return new Identity(
                Optional.ofNullable(node.get("did")).map(n -> Did.parse(n.asString())),
                Optional.ofNullable(node.get("handle")).map(n -> Handle.parse(n.asString())),
                Optional.ofNullable(node.get("document")).map(n -> DidDocument.parse(n.toString())),
                Optional.ofNullable(node.get("handleSource")).map(n -> Source.valueOf(n.asString())),
                Optional.ofNullable(node.get("documentSource")).map(n -> Source.valueOf(n.asString())),
                Optional.ofNullable(node.get("failure")).map(f -> new Failure(Reason.valueOf(f.get("reason").asString()),
                        Source.valueOf(f.get("source").asString()), f.get("detail").asString())));
    }
}
