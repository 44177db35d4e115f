package skybatch.readers.identity.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import skybatch.readers.identity.IdentityConfig;

class HostGuardsTest {

    @Test
    void keepsTheLimitsOfTheMostRecentlyUsedHostsOnly() {
        IdentityConfig.Limits defaults = IdentityConfig.Limits.defaults();
        HostGuards guards = new HostGuards(new IdentityConfig.Limits(defaults.maxInFlight(), defaults.perHost(),
                defaults.hosts(), 2, defaults.breakerFailures(), defaults.breakerCoolDown(), defaults.retries(),
                defaults.retryDelay(), defaults.maxRateWait()), new FakeClock());
        HostGuard a = guards.forHost("a.test");
        HostGuard b = guards.forHost("b.test");

        assertThat(guards.forHost("a.test")).isSameAs(a);
        guards.forHost("c.test");

        assertThat(guards.forHost("a.test")).isSameAs(a);
        assertThat(guards.forHost("b.test")).as("evicted, then made anew").isNotSameAs(b);
    }
}
