package skybatch.readers.mst;

/** Whether a repository's CAR must hold every block it refers to. */
public enum Completeness {
    /** A full export (getRepo): an absent MST node or record block is an error. */
    FULL,
    /** A slice, such as a firehose commit's blocks: absent blocks are skipped and reported. */
    PARTIAL
}
