package skybatch.jobs.backfill.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import skybatch.jobs.identity.SigningKeys;
import skybatch.readers.car.CarException;
import skybatch.readers.cbor.DataModelException;
import skybatch.readers.crypto.CommitVerifier;
import skybatch.readers.crypto.PublicKey;
import skybatch.readers.mst.RepositoryException;
import skybatch.readers.pds.HostLimiter;
import skybatch.readers.pds.PdsClient;
import skybatch.readers.pds.PdsException;
import skybatch.readers.pds.RepoTooLargeException;
import skybatch.readers.pds.RepoUnavailableException;
import skybatch.readers.repo.RepoArchive;
import skybatch.readers.support.StopRequest;
import skybatch.readers.syntax.Did;
import skybatch.writers.backfill.QueuedRepo;
import skybatch.writers.backfill.RepoStatus;

/**
 * Downloads a queued repository and checks it before any of it is written: every block against its CID (while
 * streaming), the commit's DID, and, unless turned off, the commit's signature against the DID's signing key.
 */
public final class RepoLoader {

    private final PdsClient client;
    private final SigningKeys keys;
    private final long memoryBudget;
    private final Path spillDirectory;

    public RepoLoader(PdsClient client, SigningKeys keys, long memoryBudget, Path spillDirectory) {
        this.client = client;
        this.keys = keys;
        this.memoryBudget = memoryBudget;
        this.spillDirectory = spillDirectory;
    }

    /**
     * The verified repository; the caller closes it. {@code share}: the caller's own limits on the PDS (a remote
     * partition's share of it), or null. A download given up as the run stops raises
     * {@link skybatch.readers.support.ReadStoppedException}: the repository stays pending for the restart.
     */
    RepoArchive load(QueuedRepo repo, boolean verifySignature, HostLimiter share, StopRequest stop)
            throws RepoRejectedException {
        Did did = Did.parse(repo.did());
        RepoArchive archive = download(repo, did, share, stop);
        try {
            if (!archive.commit().did().equals(repo.did())) {
                throw new RepoRejectedException(RepoStatus.FAILED, true,
                        "the commit is signed for " + archive.commit().did() + ", not " + repo.did(), null);
            }
            if (verifySignature) {
                verify(archive, repo.did());
            }
            return archive;
        } catch (RepoRejectedException | RuntimeException e) {
            closeQuietly(archive);
            throw e;
        }
    }

    private RepoArchive download(QueuedRepo repo, Did did, HostLimiter share, StopRequest stop)
            throws RepoRejectedException {
        URI pds;
        try {
            pds = BackfillSources.pdsUrl(repo.pds());
        } catch (IllegalArgumentException e) {
            throw new RepoRejectedException(RepoStatus.FAILED, false, "unusable PDS endpoint: " + e.getMessage(), e);
        }
        try {
            return client.getRepo(pds, did, share, stop, car -> RepoArchive.read(car, memoryBudget, spillDirectory));
        } catch (RepoUnavailableException e) {
            RepoStatus status = switch (e.reason()) {
                case TAKENDOWN -> RepoStatus.TAKENDOWN;
                case DEACTIVATED -> RepoStatus.DEACTIVATED;
                case NOT_FOUND -> RepoStatus.NOTFOUND;
            };
            throw new RepoRejectedException(status, false, e.getMessage(), e);
        } catch (CarException | RepositoryException | DataModelException e) {
            throw new RepoRejectedException(RepoStatus.FAILED, true, "bad repository CAR: " + e.getMessage(), e);
        } catch (RepoTooLargeException | PdsException e) {
            throw new RepoRejectedException(RepoStatus.FAILED, false, e.getMessage(), e);
        } catch (IOException e) {
            throw new RepoRejectedException(RepoStatus.FAILED, false, "reading the repository: " + e, e);
        }
    }

    private void verify(RepoArchive archive, String did) throws RepoRejectedException {
        PublicKey key;
        try {
            key = keys.of(did);
        } catch (SigningKeys.UnknownKeyException e) {
            throw new RepoRejectedException(RepoStatus.FAILED, false, e.getMessage(), e);
        }
        if (!CommitVerifier.verify(archive.commit(), key)) {
            throw new RepoRejectedException(RepoStatus.FAILED, true,
                    "the commit signature does not verify with " + key.toDidKey(), null);
        }
    }

    private static void closeQuietly(RepoArchive archive) {
        try {
            archive.close();
        } catch (IOException ignored) {
            // only the spill file is left behind, in the temporary directory
        }
    }
}
