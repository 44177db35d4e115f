package skybatch.readers.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import skybatch.readers.identity.testing.TestIdentities;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;

class MeteredDirectoryTest {

    private static final Handle ALICE = Handle.parse("alice.test");
    private static final Did DID = TestIdentities.plc(31);

    /** Verifies alice.test by handle; by DID, fails transiently, or definitively for a second DID. */
    private static final IdentityDirectory STUB = new IdentityDirectory() {
        @Override
        public CompletableFuture<Identity> lookupHandle(Handle handle) {
            return CompletableFuture.completedFuture(Identity.ofHandle(handle).withDid(DID));
        }

        @Override
        public CompletableFuture<Identity> lookupDid(Did did) {
            Reason reason = did.equals(DID) ? Reason.TIMEOUT : Reason.TOMBSTONED;
            return CompletableFuture.completedFuture(
                    Identity.ofDid(did).withFailure(new Failure(reason, Source.PLC, "stub")));
        }
    };

    @Test
    void timesLookupsByOutcomeAndReason() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<DistributionStatisticConfig> histograms = new ArrayList<>();
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                histograms.add(config);
                return config;
            }
        });
        IdentityDirectory directory = new MeteredDirectory(STUB, registry);

        directory.lookupHandle(ALICE).join();
        directory.lookupHandle(ALICE).join();
        directory.lookupDid(DID).join();
        directory.lookupDid(TestIdentities.plc(32)).join();

        Timer verified = registry.get(MeteredDirectory.TIMER)
                .tags("lookup", "handle", "outcome", "verified", "reason", "none").timer();
        assertThat(verified.count()).isEqualTo(2);
        assertThat(verified.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(histograms).isNotEmpty().allSatisfy(config -> assertThat(config.isPercentileHistogram()).isTrue());
        assertThat(registry.get(MeteredDirectory.TIMER)
                .tags("lookup", "did", "outcome", "transient", "reason", "timeout").timer().count()).isEqualTo(1);
        assertThat(registry.get(MeteredDirectory.TIMER)
                .tags("lookup", "did", "outcome", "failed", "reason", "tombstoned").timer().count()).isEqualTo(1);
    }
}
