package skybatch.jobs.verify.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import skybatch.readers.identity.Failure;
import skybatch.readers.identity.HandleResolver;
import skybatch.readers.identity.ResolutionException;
import skybatch.readers.syntax.Handle;
import skybatch.writers.verification.HandleCheck;

/**
 * Starts the check of one DID's handle and returns at once with its future, so a whole chunk of checks is in
 * flight together ({@link AwaitingWriter} waits for them). The DID document's side of the two-way check is the
 * claim the PLC import stored; the network side is the handle's resolution, by DNS then HTTPS, which must give
 * back the same DID. A tombstone or a missing claim needs no request.
 */
public class HandleVerifier implements ItemProcessor<DueDid, CompletableFuture<HandleCheck>> {

    public static final String CHECKS = "skybatch.handles.checked";
    public static final String RESOLUTION = "skybatch.handles.resolution";

    private final HandleResolver resolver;
    private final CheckSchedule schedule;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Timer resolution;

    public HandleVerifier(HandleResolver resolver, CheckSchedule schedule, Clock clock, MeterRegistry meters) {
        this.resolver = resolver;
        this.schedule = schedule;
        this.clock = clock;
        this.meters = meters;
        this.resolution = Timer.builder(RESOLUTION).description("handle resolution, DNS then HTTPS")
                .publishPercentileHistogram().publishPercentiles(0.5, 0.99).register(meters);
    }

    @Override
    public CompletableFuture<HandleCheck> process(DueDid due) {
        if (due.tombstoned()) {
            return done(check(due, HandleCheck.TOMBSTONED, clock.instant(), null, 0, "the DID is tombstoned"));
        }
        Optional<Handle> claimed = Optional.ofNullable(due.claimedHandle()).flatMap(Handle::tryParse);
        if (claimed.isEmpty()) {
            return done(invalid(due, "the DID document claims no valid handle"));
        }
        Handle handle = claimed.get();
        if (!handle.hasAllowedTld()) {
            return done(invalid(due, "the handle's top-level domain is never resolvable"));
        }
        Timer.Sample sample = Timer.start(meters);
        return resolver.resolve(handle).handle((resolved, error) -> {
            sample.stop(resolution);
            if (error == null) {
                return resolved.did().value().equals(due.did()) ? valid(due)
                        : invalid(due, "the handle resolves to " + resolved.did() + " (" + resolved.source() + ")");
            }
            Failure failure = ResolutionException.failureOf(error);
            return failure.isTransient() ? failed(due, failure.toString()) : invalid(due, failure.toString());
        });
    }

    private CompletableFuture<HandleCheck> done(HandleCheck check) {
        count(check);
        return CompletableFuture.completedFuture(check);
    }

    private HandleCheck valid(DueDid due) {
        Instant now = clock.instant();
        return count(check(due, HandleCheck.VALID, now, schedule.afterValid(now), 0, null));
    }

    private HandleCheck invalid(DueDid due, String reason) {
        Instant now = clock.instant();
        return count(check(due, HandleCheck.INVALID, now, schedule.afterInvalid(now), 0, reason));
    }

    /** A transient failure keeps what was known (valid stays valid until a definite answer) and backs off. */
    private HandleCheck failed(DueDid due, String reason) {
        Instant now = clock.instant();
        int failures = due.previousFailures() + 1;
        String status = HandleCheck.VALID.equals(due.previousStatus()) || HandleCheck.INVALID.equals(due.previousStatus())
                ? due.previousStatus() : HandleCheck.PENDING;
        return count(check(due, status, now, schedule.afterFailure(now, failures), failures, reason));
    }

    private static HandleCheck check(DueDid due, String status, Instant now, Instant next, int failures, String error) {
        return new HandleCheck(due.did(), due.claimedHandle(), status, due.plcCid(), now, next, failures, error);
    }

    private HandleCheck count(HandleCheck check) {
        meters.counter(CHECKS, "outcome", check.transientFailure() ? "failed" : check.status()).increment();
        return check;
    }
}
