package skybatch.readers.identity;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How the resolution steps ({@link HandleResolver}, {@link DidDocumentSource}) fail their futures. Stack traces are
 * not filled in: these are expected outcomes, counted by the million, not bugs.
 */
public final class ResolutionException extends RuntimeException {

    private final transient Failure failure;

    public ResolutionException(Failure failure) {
        super(failure.toString(), null, false, false);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }

    /** The cause of the wrappers that futures add around an exception. */
    public static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    public static boolean isTransient(Throwable error) {
        return unwrap(error) instanceof ResolutionException e && e.failure.isTransient();
    }

    /** The failure a future failed with; any other exception is a bug, so it is thrown on. */
    public static Failure failureOf(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof ResolutionException e) {
            return e.failure;
        }
        throw cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
    }
}
