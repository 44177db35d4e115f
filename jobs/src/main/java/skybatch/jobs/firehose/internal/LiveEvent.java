package skybatch.jobs.firehose.internal;

import java.util.List;
import skybatch.readers.firehose.JournalEntry;

/**
 * A journal entry as the tail understands it: a checked event of one repository, input to quarantine, or a frame
 * that changes nothing ({@code #info}, an error frame).
 */
public sealed interface LiveEvent {

    /** Where the event is in the journal. */
    JournalEntry entry();

    /** An event of one repository's stream. */
    sealed interface OfRepo extends LiveEvent {
        String did();
    }

    /**
     * A {@code #commit} whose blocks matched their CIDs and whose signature verified.
     *
     * @param since the rev of the repository's previous commit, or null
     * @param prevData the MST root before this commit, or null when the relay did not send it
     * @param missingBlocks whether a created or updated record's block is not in the commit's blocks
     */
    record Commit(JournalEntry entry, String did, String rev, String since, String commitCid, String dataCid,
            String prevData, List<Op> ops, boolean missingBlocks) implements OfRepo {}

    /**
     * One operation of a commit.
     *
     * @param action create, update or delete
     * @param cid the record's CID (null for a delete)
     * @param bytes the record block (null for a delete, or when missing)
     */
    record Op(String action, String path, String cid, byte[] bytes) {}

    /** A {@code #sync}: the repository is now at this signed commit. */
    record Sync(JournalEntry entry, String did, String rev, String commitCid, String dataCid) implements OfRepo {}

    /** An {@code #identity}: the DID's document or handle may have changed. */
    record IdentityChanged(JournalEntry entry, String did) implements OfRepo {}

    /** An {@code #account}: the hosting status of the account. */
    record AccountStatus(JournalEntry entry, String did, boolean active, String status) implements OfRepo {}

    /**
     * Input that cannot be used: it goes to quarantine with its seq, DID (when known), reason and bytes.
     *
     * @param did the DID, or null when not even that can be read
     */
    record Rejected(JournalEntry entry, String did, String reason) implements LiveEvent {}

    /** A frame that changes no table ({@code #info}, an error frame, a type this tail does not apply). */
    record Ignored(JournalEntry entry, String why) implements LiveEvent {}
}
