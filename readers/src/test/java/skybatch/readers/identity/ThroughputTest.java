package skybatch.readers.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import skybatch.readers.identity.testing.LoopbackInternet;
import skybatch.readers.identity.testing.TestIdentities;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;

/**
 * Verifies 2,000 identities against a fixture that answers every DNS query and HTTP request after 100 ms, all
 * started at once, and prints how long that took. Only the outcomes are asserted: timing depends on the machine.
 */
class ThroughputTest {

    private static final int COUNT = 2_000;
    private static final Duration LATENCY = Duration.ofMillis(100);
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @Test
    void verifiesThousandsOfIdentitiesConcurrently() throws IOException {
        try (LoopbackInternet internet = LoopbackInternet.start()) {
            IdentityConfig config = internet.config();
            IdentityConfig.HostLimits plcLimits = new IdentityConfig.HostLimits(1024, 100_000, 100_000);
            // Generous timeouts: this test asserts outcomes, not speed, and a cold JVM under this load on a machine
            // that other builds share can take longer than the production timeouts for some answers.
            try (IdentityNetwork network = IdentityNetwork.create(config
                    .withDns(config.dns().withTimeout(GENEROUS))
                    .withHttp(config.http().withTimeout(GENEROUS))
                    .withLimits(config.limits().withMaxInFlight(1024)
                            .withHost(LoopbackInternet.PLC_HOST, plcLimits)))) {
                List<Did> dids = IntStream.range(0, 2 * COUNT).mapToObj(i -> TestIdentities.plc(100_000 + i)).toList();
                for (int i = 0; i < dids.size(); i++) {
                    Handle handle = Handle.parse("user" + i + ".test");
                    internet.publishDns(handle, dids.get(i));
                    internet.publishDocument(TestIdentities.document(dids.get(i), handle.value()));
                }
                internet.latency(LATENCY);
                run("warm-up, by DID", dids.subList(COUNT, 2 * COUNT), network::lookupDid);

                run("by DID (document, then handle's DNS)", dids.subList(0, COUNT), network::lookupDid);
                run("by handle (DNS, then document)",
                        IntStream.range(COUNT, 2 * COUNT).mapToObj(i -> Handle.parse("user" + i + ".test")).toList(),
                        network::lookupHandle);
            }
        }
    }

    private static <T> void run(String what, List<T> ids, Function<T, CompletableFuture<Identity>> lookup) {
        long start = System.nanoTime();
        List<CompletableFuture<Identity>> lookups = ids.stream().map(lookup).toList();
        CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).join();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(lookups).allSatisfy(l -> assertThat(l.join().failure()).isEmpty());
        System.out.printf("identity throughput, %s: %d verified in %d ms (%.0f/s) at %d ms latency, %d threads%n",
                what, ids.size(), elapsed.toMillis(), ids.size() / (elapsed.toNanos() / 1e9), LATENCY.toMillis(),
                ManagementFactory.getThreadMXBean().getThreadCount());
    }
}
