package skybatch.writers.verification;

import de.bytefish.pgbulkinsert.mapping.AbstractMapping;
import skybatch.writers.support.InstantValueHandler;

/** Binary COPY of {@link HandleCheck}s into the session's temporary staging table. */
final class HandleCheckStageMapping extends AbstractMapping<HandleCheck> {

    static final String TABLE = "skybatch_handle_check_stage";

    static final String CREATE = "CREATE TEMP TABLE IF NOT EXISTS " + TABLE + " ("
            + "did text NOT NULL, handle text, status text NOT NULL, plc_cid text, checked_at timestamptz NOT NULL,"
            + " next_check_at timestamptz, failure_count integer NOT NULL, error text) ON COMMIT DELETE ROWS";

    HandleCheckStageMapping() {
        super("pg_temp", TABLE);
        mapText("did", HandleCheck::did);
        mapText("handle", HandleCheck::handle);
        mapText("status", HandleCheck::status);
        mapText("plc_cid", HandleCheck::plcCid);
        InstantValueHandler timestamp = new InstantValueHandler();
        map("checked_at", timestamp, HandleCheck::checkedAt);
        map("next_check_at", timestamp, HandleCheck::nextCheckAt);
        mapIntegerPrimitive("failure_count", HandleCheck::failureCount);
        mapText("error", HandleCheck::error);
    }
}
