package skybatch.readers.pds;

import java.io.IOException;
import skybatch.readers.support.ByteSizes;

/** An answer (a repository CAR, a listRepos page) longer than its cap; the download is abandoned, not retried. */
public class RepoTooLargeException extends IOException {

    RepoTooLargeException(String request, long limit) {
        super(request + ": the answer is larger than " + ByteSizes.describe(limit));
    }
}
