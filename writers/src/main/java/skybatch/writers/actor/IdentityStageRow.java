package skybatch.writers.actor;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import skybatch.readers.plc.PlcOperation;

/** One DID's new state as it is copied into the staging table. */
record IdentityStageRow(String did, String claimedHandle, String pdsEndpoint, String signingKey,
        boolean tombstoned, String plcCid, ZonedDateTime plcCreatedAt, String doc) {

    static IdentityStageRow of(PlcOperation op) {
        return new IdentityStageRow(op.did().value(),
                op.claimedHandle().map(Object::toString).orElse(null),
                op.pdsEndpoint().orElse(null),
                op.signingKey().orElse(null),
                op.tombstoned(),
                op.cid(),
                op.createdAt().atZone(ZoneOffset.UTC),
                op.documentJson());
    }
}
