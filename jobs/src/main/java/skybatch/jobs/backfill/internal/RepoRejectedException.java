package skybatch.jobs.backfill.internal;

import skybatch.writers.backfill.RepoStatus;

/**
 * A repository that will not be backfilled this time, with the status it ends in.
 *
 * @param badData whether its content is at fault (quarantined) rather than its availability
 */
final class RepoRejectedException extends Exception {

    private final RepoStatus status;
    private final boolean badData;

    RepoRejectedException(RepoStatus status, boolean badData, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.badData = badData;
    }

    RepoStatus status() {
        return status;
    }

    boolean badData() {
        return badData;
    }
}
