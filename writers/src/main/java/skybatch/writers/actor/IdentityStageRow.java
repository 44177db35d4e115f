package skybatch.writers.actor;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import skybatch.readers.plc.PlcOperation;

/** One DID's new state as it is copied into the staging table. */
record IdentityStageRow(String did, String claimedHandle, String pdsEndpoint, String signingKey,
        boolean tombstoned, String plcCid, ZonedDateTime plcCreatedAt, String doc) {

    /**
     * The chunk's latest non-nullified operation per DID, in the order the DIDs first appear. Of operations with
     * the same createdAt the first line wins, as a later chunk's operation does not replace a stored one of the
     * same createdAt.
     */
    static Collection<IdentityStageRow> latestPerDid(Iterable<? extends PlcOperation> chunk) {
        Map<String, PlcOperation> latest = new LinkedHashMap<>();
        for (PlcOperation op : chunk) {
            if (!op.nullified()) {
                latest.merge(op.did().value(), op,
                        (kept, next) -> next.createdAt().isAfter(kept.createdAt()) ? next : kept);
            }
        }
        return latest.values().stream().map(IdentityStageRow::of).toList();
    }

    static IdentityStageRow of(PlcOperation op) {
        return new IdentityStageRow(op.did().value(),
                op.claimedHandle() == null ? null : op.claimedHandle().value(),
                op.pdsEndpoint(),
                op.signingKey(),
                op.tombstoned(),
                op.cid(),
                op.createdAt().atZone(ZoneOffset.UTC),
                op.documentJson());
    }
}
