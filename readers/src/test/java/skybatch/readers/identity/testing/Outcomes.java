package skybatch.readers.identity.testing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import skybatch.readers.identity.Failure;
import skybatch.readers.identity.ResolutionException;

/** Reads what a resolution step's future ended with. */
public final class Outcomes {

    private Outcomes() {}

    /** The failure the future failed with; an assertion error if it succeeded. */
    public static Failure failureOf(CompletableFuture<?> future) {
        Object value;
        try {
            value = future.join();
        } catch (CompletionException e) {
            return ResolutionException.failureOf(e);
        }
        throw new AssertionError("expected a failure, got " + value);
    }
}
