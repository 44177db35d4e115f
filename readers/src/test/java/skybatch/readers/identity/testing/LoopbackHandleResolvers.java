package skybatch.readers.identity.testing;

import java.util.function.Function;
import skybatch.readers.identity.Failure;
import skybatch.readers.identity.HandleResolver;
import skybatch.readers.identity.IdentityConfig;
import skybatch.readers.identity.IdentityNetwork;
import skybatch.readers.syntax.Handle;

/**
 * One kind of handle resolver over a test's {@link LoopbackIdentity}: on the test's network or on a further one
 * with other settings, and the failure a resolution ends with.
 */
public final class LoopbackHandleResolvers<R extends HandleResolver> {

    private final LoopbackIdentity loopback;
    private final Function<IdentityNetwork, R> kind;

    /** @param kind which of a network's resolvers, e.g. {@code IdentityNetwork::dnsHandles} */
    public LoopbackHandleResolvers(LoopbackIdentity loopback, Function<IdentityNetwork, R> kind) {
        this.loopback = loopback;
        this.kind = kind;
    }

    /** On the test's network, with the loopback internet's own configuration. */
    public R resolver() {
        return kind.apply(loopback.network());
    }

    /** On a further network, with {@code config}. */
    public R resolver(IdentityConfig config) {
        return kind.apply(loopback.network(config));
    }

    /** What resolving {@code handle} on the test's network fails with; an assertion error if it succeeds. */
    public Failure failureOf(Handle handle) {
        return Outcomes.failureOf(resolver().resolve(handle));
    }
}
