package skybatch.writers.record;

/** How the counts a write changes come to be counted again. */
public enum Recounts {
    /** The write notes the posts and accounts whose counts it changes, for the recount after it (the merge path). */
    NOTED,
    /**
     * The write notes nothing: a full recount of the tables follows ({@code skybatch.writers.aggregate.FullRecount},
     * a first load onto empty tables).
     */
    FULL_RECOUNT_FOLLOWS
}
