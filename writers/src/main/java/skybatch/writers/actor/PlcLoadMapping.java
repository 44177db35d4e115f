package skybatch.writers.actor;

import de.bytefish.pgbulkinsert.mapping.AbstractMapping;
import skybatch.writers.support.InstantValueHandler;

/** Binary COPY of a first load's chunk into one of its three shadow tables ({@link PlcLoadTables}). */
final class PlcLoadMapping extends AbstractMapping<StampedOperation> {

    private PlcLoadMapping(String table) {
        super("skybatch", table, true);
    }

    /** actor_identity's row: the state the operation gives its DID. */
    static PlcLoadMapping identities() {
        PlcLoadMapping mapping = new PlcLoadMapping(PlcLoadTables.IDENTITIES);
        mapping.mapText("did", row -> row.operation().did().value());
        mapping.mapText("claimed_handle", row -> row.operation().claimedHandle() == null ? null
                : row.operation().claimedHandle().value());
        mapping.mapText("pds_endpoint", row -> row.operation().pdsEndpoint());
        mapping.mapText("signing_key", row -> row.operation().signingKey());
        mapping.mapBooleanPrimitive("tombstoned", row -> row.operation().tombstoned());
        mapping.mapText("plc_cid", row -> row.operation().cid());
        mapping.map("plc_created_at", new InstantValueHandler(), row -> row.operation().createdAt());
        mapping.map("updated_at", new InstantValueHandler(), StampedOperation::stamp);
        return mapping;
    }

    /** The app-view's actor row: the DID, its handle NULL (a claim is not a verification). */
    static PlcLoadMapping actors() {
        PlcLoadMapping mapping = new PlcLoadMapping(PlcLoadTables.ACTORS);
        mapping.mapText("did", row -> row.operation().did().value());
        mapping.mapText("indexedAt", StampedOperation::indexedAt);
        return mapping;
    }

    /** The app-view's did_cache row: the document, parsed into jsonb by the COPY. */
    static PlcLoadMapping documents() {
        PlcLoadMapping mapping = new PlcLoadMapping(PlcLoadTables.DOCUMENTS);
        mapping.mapText("did", row -> row.operation().did().value());
        mapping.mapJsonb("doc", row -> row.operation().documentJson());
        mapping.mapLongPrimitive("updatedAt", row -> row.stamp().toEpochMilli());
        return mapping;
    }
}
