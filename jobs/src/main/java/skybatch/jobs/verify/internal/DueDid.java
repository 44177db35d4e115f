package skybatch.jobs.verify.internal;

/**
 * A DID due for a handle check, with what the check needs: its claim and PLC operation from actor_identity, and
 * its previous verification state ({@code null} status: never checked).
 */
public record DueDid(String did, String claimedHandle, String plcCid, boolean tombstoned, String previousStatus,
        int previousFailures) {}
