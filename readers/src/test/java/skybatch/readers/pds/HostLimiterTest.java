package skybatch.readers.pds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HostLimiterTest {

    @Test
    void neverMoreRequestsToOneHostAtOnceThanItsConcurrency() throws Exception {
        HostLimiter limiter = new HostLimiter(2, 0);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger otherHost = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(8);
        for (int i = 0; i < 8; i++) {
            Thread thread = new Thread(() -> {
                try {
                    limiter.acquire("pds.example");
                    try {
                        most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        // another host is not held up by this one's full slots
                        limiter.acquire("other.example");
                        otherHost.incrementAndGet();
                        limiter.release("other.example");
                        Thread.sleep(20);
                        inFlight.decrementAndGet();
                    } finally {
                        limiter.release("pds.example");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
            thread.start();
        }
        done.await();

        assertThat(most.get()).isBetween(1, 2);
        assertThat(otherHost.get()).isEqualTo(8);
    }

    @Test
    void aConcurrencyBelowOneIsRefused() {
        assertThatThrownBy(() -> new HostLimiter(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
