package skybatch.writers.backfill;

/** A repository to backfill: its DID and the base URL of the PDS that hosts it. */
public record QueuedRepo(String did, String pds) {}
