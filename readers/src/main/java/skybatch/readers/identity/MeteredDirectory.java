package skybatch.readers.identity;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;

/**
 * Times every lookup of the directory it wraps, in the timer {@value #TIMER} with a percentile histogram. The tags
 * count the outcomes: {@code lookup} (handle, did), {@code outcome} (verified, failed, transient) and {@code
 * reason} (a {@link Reason} in lower case, or none).
 */
public final class MeteredDirectory implements IdentityDirectory {

    public static final String TIMER = "skybatch.identity.lookups";

    private final IdentityDirectory directory;
    private final MeterRegistry registry;

    public MeteredDirectory(IdentityDirectory directory, MeterRegistry registry) {
        this.directory = directory;
        this.registry = registry;
    }

    @Override
    public CompletableFuture<Identity> lookupHandle(Handle handle) {
        return timed("handle", () -> directory.lookupHandle(handle));
    }

    @Override
    public CompletableFuture<Identity> lookupDid(Did did) {
        return timed("did", () -> directory.lookupDid(did));
    }

    private CompletableFuture<Identity> timed(String lookup, Supplier<CompletableFuture<Identity>> call) {
        Timer.Sample sample = Timer.start(registry);
        return call.get().whenComplete((identity, error) -> {
            if (identity != null) {
                sample.stop(timer(lookup, identity));
            }
        });
    }

    private Timer timer(String lookup, Identity identity) {
        String outcome = identity.failure().map(f -> f.isTransient() ? "transient" : "failed").orElse("verified");
        String reason = identity.failure().map(f -> f.reason().name().toLowerCase(Locale.ROOT)).orElse("none");
        return Timer.builder(TIMER)
                .tag("lookup", lookup)
                .tag("outcome", outcome)
                .tag("reason", reason)
                .publishPercentileHistogram()
                .register(registry);
    }
}
