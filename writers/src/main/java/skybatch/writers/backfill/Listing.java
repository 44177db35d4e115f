package skybatch.writers.backfill;

/**
 * How far a run has listed one PDS's repositories.
 *
 * @param cursor the cursor of the next page, null for the first
 * @param finished whether the last page is in the queue
 */
public record Listing(String cursor, boolean finished, long listed) {

    public static final Listing START = new Listing(null, false, 0);
}
