package skybatch.jobs.firehose.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import skybatch.jobs.identity.CachedDirectory;
import skybatch.jobs.identity.SigningKeys;
import skybatch.readers.crypto.InvalidPublicKeyException;
import skybatch.readers.crypto.PublicKey;
import skybatch.readers.identity.Identity;
import skybatch.readers.syntax.Did;

/**
 * The atproto signing key of each repository the stream names, kept in memory for the most recent ones: from what
 * the PLC import stored ({@link SigningKeys}), else resolved through the identity directory. {@link #fresh} asks
 * the directory again, for a commit that does not verify with the key held (the key may have rotated).
 */
public final class RepoKeys {

    private static final int CAPACITY = 200_000;
    private static final long RESOLVE_TIMEOUT_SECONDS = 30;

    private final SigningKeys stored;
    private final CachedDirectory directory;
    private final Map<String, PublicKey> recent = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PublicKey> eldest) {
            return size() > CAPACITY;
        }
    };

    public RepoKeys(SigningKeys stored, CachedDirectory directory) {
        this.stored = stored;
        this.directory = directory;
    }

    /** The key held for {@code did}, looked up when none is. */
    public PublicKey of(String did) throws UnknownKeyException {
        synchronized (recent) {
            PublicKey held = recent.get(did);
            if (held != null) {
                return held;
            }
        }
        PublicKey key;
        try {
            key = stored.of(did);
        } catch (SigningKeys.UnknownKeyException notStored) {
            key = resolve(did, false);
        }
        remember(did, key);
        return key;
    }

    /** The key the directory gives now, replacing the one held. */
    public PublicKey fresh(String did) throws UnknownKeyException {
        PublicKey key = resolve(did, true);
        remember(did, key);
        return key;
    }

    /** The DID's identity changed: the next commit looks its key up again. */
    public void forget(String did) {
        synchronized (recent) {
            recent.remove(did);
        }
    }

    private void remember(String did, PublicKey key) {
        synchronized (recent) {
            recent.put(did, key);
        }
    }

    /** @param again past the cache of answers */
    private PublicKey resolve(String did, boolean again) throws UnknownKeyException {
        Identity identity;
        try {
            identity = (again ? directory.refresh(did) : directory.lookupDid(Did.parse(did)))
                    .get(RESOLVE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnknownKeyException("interrupted resolving " + did);
        } catch (ExecutionException | TimeoutException | IllegalArgumentException e) {
            throw new UnknownKeyException("no signing key for " + did + ": " + e);
        }
        String didKey = identity.signingKey().orElseThrow(() -> new UnknownKeyException("no signing key for "
                + did + ": " + identity.failure().map(Object::toString).orElse("its document names none")));
        try {
            return PublicKey.fromDidKey(didKey);
        } catch (InvalidPublicKeyException e) {
            throw new UnknownKeyException("the signing key of " + did + " cannot be read: " + e.getMessage());
        }
    }

    /** No usable key: the commit cannot be checked. */
    public static final class UnknownKeyException extends Exception {
        UnknownKeyException(String message) {
            super(message);
        }
    }
}
