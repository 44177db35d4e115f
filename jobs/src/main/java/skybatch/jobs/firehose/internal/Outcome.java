package skybatch.jobs.firehose.internal;

import java.util.Locale;

/** What the tail did with an event; counted in {@code skybatch_firehose_events_total{outcome}}. */
public enum Outcome {
    /** Written to the tables. */
    APPLIED,
    /** A rev not newer than the stored one: replayed or out of order; nothing changed. */
    STALE,
    /** Its repository is being backfilled: it waits in {@code firehose_parked}. */
    PARKED,
    /** It does not follow from the stored state: the repository waits for a backfill. */
    DESYNCHRONIZED,
    /** A commit of an account that is not active: not applied, as the app-view does not serve it. */
    INACTIVE,
    /** Bad input, in quarantine. */
    QUARANTINED,
    /** A frame that changes no table. */
    IGNORED;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
