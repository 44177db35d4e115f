package skybatch.readers.identity;

import java.util.concurrent.CompletableFuture;
import skybatch.readers.syntax.Handle;

/**
 * Asks a preferred resolver first and a fallback only when the first has no answer; the handle spec prefers DNS
 * to the HTTPS well-known. When both fail, the failure reported is the one that says most: a transient one first
 * (asking again later may succeed), then the preferred one unless it merely found nothing.
 */
public final class FallbackHandleResolver implements HandleResolver {

    private final HandleResolver preferred;
    private final HandleResolver fallback;

    public FallbackHandleResolver(HandleResolver preferred, HandleResolver fallback) {
        this.preferred = preferred;
        this.fallback = fallback;
    }

    @Override
    public CompletableFuture<ResolvedHandle> resolve(Handle handle) {
        return preferred.resolve(handle)
                .handle((resolved, error) -> error == null ? CompletableFuture.completedFuture(resolved)
                        : fallback(handle, ResolutionException.failureOf(error)))
                .thenCompose(next -> next);
    }

    private CompletableFuture<ResolvedHandle> fallback(Handle handle, Failure first) {
        return fallback.resolve(handle)
                .handle((resolved, error) -> {
                    if (error == null) {
                        return resolved;
                    }
                    throw new ResolutionException(moreTelling(first, ResolutionException.failureOf(error)));
                });
    }

    private static Failure moreTelling(Failure first, Failure second) {
        if (first.isTransient() || second.isTransient()) {
            return first.isTransient() ? first : second;
        }
        return first.reason() == Reason.NOT_FOUND ? second : first;
    }
}
