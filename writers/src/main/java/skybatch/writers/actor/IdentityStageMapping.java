package skybatch.writers.actor;

import de.bytefish.pgbulkinsert.mapping.AbstractMapping;
import skybatch.readers.plc.PlcOperation;
import skybatch.writers.support.InstantValueHandler;

/**
 * Binary COPY of {@link PlcOperation}s, each as the state it gives its DID, into the merge's temporary stage of the
 * session.
 */
final class IdentityStageMapping extends AbstractMapping<PlcOperation> {

    static final String TABLE = "skybatch_identity_stage";

    /** ON COMMIT DELETE ROWS: each chunk's transaction starts with an empty stage, whichever pooled session. */
    static final String CREATE = "CREATE TEMP TABLE IF NOT EXISTS " + TABLE + " ("
            + "did text NOT NULL, claimed_handle text, pds_endpoint text, signing_key text,"
            + " tombstoned boolean NOT NULL, plc_cid text NOT NULL, plc_created_at timestamptz NOT NULL,"
            + " doc text) ON COMMIT DELETE ROWS";

    IdentityStageMapping() {
        super("pg_temp", TABLE);
        mapText("did", op -> op.did().value());
        mapText("claimed_handle", op -> op.claimedHandle() == null ? null : op.claimedHandle().value());
        mapText("pds_endpoint", PlcOperation::pdsEndpoint);
        mapText("signing_key", PlcOperation::signingKey);
        mapBooleanPrimitive("tombstoned", PlcOperation::tombstoned);
        mapText("plc_cid", PlcOperation::cid);
        map("plc_created_at", new InstantValueHandler(), PlcOperation::createdAt);
        // text, not jsonb: the document is parsed once, when the merge casts it into did_cache
        mapText("doc", PlcOperation::documentJson);
    }
}
