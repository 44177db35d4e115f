package skybatch.writers.actor;

import de.bytefish.pgbulkinsert.mapping.AbstractMapping;

/**
 * Binary COPY of {@link IdentityStageRow}s: into the session's temporary staging table of the merge, or into the
 * first load's {@code skybatch.plc_load_stage}, which has the same columns but for the document's type.
 */
final class IdentityStageMapping extends AbstractMapping<IdentityStageRow> {

    static final String TABLE = "skybatch_identity_stage";

    /** ON COMMIT DELETE ROWS: each chunk's transaction starts with an empty stage, whichever pooled session. */
    static final String CREATE = "CREATE TEMP TABLE IF NOT EXISTS " + TABLE + " ("
            + "did text NOT NULL, claimed_handle text, pds_endpoint text, signing_key text,"
            + " tombstoned boolean NOT NULL, plc_cid text NOT NULL, plc_created_at timestamptz NOT NULL,"
            + " doc text) ON COMMIT DELETE ROWS";

    /** The merge's temporary stage. */
    IdentityStageMapping() {
        this("pg_temp", TABLE, false);
    }

    /**
     * The first load's stage, whose document is jsonb: parsed by each chunk's COPY, while the server has little else
     * to do, so that the build step only copies it into did_cache.
     */
    static IdentityStageMapping firstLoadStage() {
        return new IdentityStageMapping("skybatch", "plc_load_stage", true);
    }

    private IdentityStageMapping(String schema, String table, boolean jsonbDoc) {
        super(schema, table);
        mapText("did", IdentityStageRow::did);
        mapText("claimed_handle", IdentityStageRow::claimedHandle);
        mapText("pds_endpoint", IdentityStageRow::pdsEndpoint);
        mapText("signing_key", IdentityStageRow::signingKey);
        mapBooleanPrimitive("tombstoned", IdentityStageRow::tombstoned);
        mapText("plc_cid", IdentityStageRow::plcCid);
        mapTimeStampTz("plc_created_at", IdentityStageRow::plcCreatedAt);
        if (jsonbDoc) {
            mapJsonb("doc", IdentityStageRow::doc);
        } else {
            // text, not jsonb: the document is parsed once, when the merge casts it into did_cache
            mapText("doc", IdentityStageRow::doc);
        }
    }
}
