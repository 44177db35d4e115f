package skybatch.writers.firehose;

/**
 * What is stored about one repository when a live event for it arrives.
 *
 * @param rev the newest rev stored: the live stream's, else the backfill's ({@code actor_sync}); null if none
 * @param dataCid the MST root of the last commit the live stream applied; null if none
 * @param desynchronized whether the stream stopped matching the stored state, until a backfill
 * @param backfillDue whether a backfill of it is wanted (desynchronized, or new), until a backfill run queues it
 * @param upstreamStatus {@code actor."upstreamStatus"}: null for an active (or unknown) account
 * @param actorKnown whether the dataplane has an {@code actor} row for it
 * @param backfilling whether a backfill of it is pending in {@code skybatch.backfill_repo}
 * @param parked whether events of it wait in {@code skybatch.firehose_parked}
 */
public record RepoState(String did, String rev, String dataCid, boolean desynchronized, boolean backfillDue,
        String upstreamStatus,
        boolean actorKnown, boolean backfilling,
        boolean parked) {

    /** Whether its events wait rather than apply: a backfill is pending, it is desynchronized, or others wait. */
    public boolean waiting() {
        return backfilling || desynchronized || parked;
    }

    /** It now has events waiting. */
    public RepoState withParked() {
        return new RepoState(did, rev, dataCid, desynchronized, backfillDue, upstreamStatus, actorKnown, backfilling,
                true);
    }

    /** Whether skybatch holds no state for the repository yet: never backfilled, no live commit applied. */
    public boolean isNew() {
        return rev == null;
    }

    public RepoState withCommit(String newRev, String newDataCid) {
        return new RepoState(did, newRev, newDataCid, desynchronized, backfillDue, upstreamStatus, true, backfilling,
                parked);
    }

    /** A backfill is wanted for its older records; its live commits go on being applied. */
    public RepoState wantBackfill() {
        return new RepoState(did, rev, dataCid, desynchronized, true, upstreamStatus, actorKnown, backfilling, parked);
    }

    /** The stream no longer matches what is stored: commits wait for a backfill. */
    public RepoState desynchronize() {
        return new RepoState(did, rev, dataCid, true, true, upstreamStatus, actorKnown, backfilling, parked);
    }

    public RepoState withUpstreamStatus(String status) {
        return new RepoState(did, rev, dataCid, desynchronized, backfillDue, status, actorKnown, backfilling, parked);
    }
}
