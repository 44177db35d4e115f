package skybatch.readers.pds;

import java.io.IOException;

/** A repository CAR longer than the configured cap; the download is abandoned, not retried. */
public class RepoTooLargeException extends IOException {

    RepoTooLargeException(long limit) {
        super("repository is larger than the " + limit + " byte limit");
    }
}
