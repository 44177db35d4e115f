package skybatch.jobs.verify.internal;

import java.util.List;

/**
 * The SQL that finds the DIDs due for a handle check in one share of the DIDs, in priority order: never checked
 * (or claiming something new since the last check) first, then DIDs on the priority PDS hosts, then the oldest
 * check. Due means: never checked; a newer PLC operation than the one checked (this also revives tombstones);
 * otherwise {@code next_check_at} has passed (tombstones have none: never).
 */
public final class DueDidQuery {

    /** Which DIDs a run takes, by their current status. */
    public enum Only {
        PENDING, INVALID, VALID, ALL;

        static Only parse(String value) {
            try {
                return value == null ? ALL : valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--only takes pending, invalid, valid or all, not '" + value + "'");
            }
        }
    }

    private DueDidQuery() {}

    /** The query's parameters, in order: share count, share index, priority hosts (a text[]), limit. */
    public static String sql(String only) {
        String filter = switch (Only.parse(only)) {
            case PENDING -> " AND (v.did IS NULL OR v.status = 'pending' OR v.plc_cid IS DISTINCT FROM i.plc_cid)";
            case INVALID -> " AND v.status = 'invalid'";
            case VALID -> " AND v.status = 'valid'";
            case ALL -> "";
        };
        return """
                SELECT i.did, i.claimed_handle, i.plc_cid, i.tombstoned, v.status, coalesce(v.failure_count, 0)
                FROM skybatch.actor_identity i
                LEFT JOIN skybatch.handle_verification v ON v.did = i.did COLLATE "default"
                WHERE (hashtext(i.did) & 2147483647) %% ? = ?
                  AND (v.did IS NULL OR v.plc_cid IS DISTINCT FROM i.plc_cid OR v.next_check_at <= now())%s
                ORDER BY (v.did IS NULL OR v.plc_cid IS DISTINCT FROM i.plc_cid) DESC,
                         (substring(i.pds_endpoint from '^[a-z]+://([^/:]+)') = ANY (?)) DESC NULLS LAST,
                         v.last_checked_at NULLS FIRST
                LIMIT ?
                """.formatted(filter);
    }

    public static String[] hosts(List<String> priorityHosts) {
        return priorityHosts.toArray(String[]::new);
    }
}
