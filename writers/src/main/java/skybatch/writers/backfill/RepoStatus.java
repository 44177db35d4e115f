package skybatch.writers.backfill;

import java.util.Locale;

/** Where a repository stands in the backfill queue; the lower-case name is the stored value. */
public enum RepoStatus {
    PENDING, DONE, FAILED, TAKENDOWN, DEACTIVATED, NOTFOUND;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RepoStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
