package skybatch.jobs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * The machine's RabbitMQ on 127.0.0.1:5672 (guest/guest; {@code .ci/run} starts it), with a queue of one test run's
 * own, so that tests and benchmarks running beside each other never share requests.
 */
public final class TestBroker {

    public static final String URL = "amqp://guest:guest@127.0.0.1:5672";
    private static final Path LOCK = Path.of(System.getProperty("java.io.tmpdir"), "skybatch-test-broker.lock");

    private TestBroker() {}

    /**
     * A queue name no other run uses; {@code SKYBATCH_TEST_QUEUE_PREFIX}, when set, goes first (for several users of
     * one broker).
     */
    public static String uniqueQueue(String prefix) {
        return System.getenv().getOrDefault("SKYBATCH_TEST_QUEUE_PREFIX", "") + prefix + "." + UUID.randomUUID();
    }

    public static void deleteQueue(String url, String queue) {
        CachingConnectionFactory broker = new CachingConnectionFactory(URI.create(url));
        try {
            new RabbitAdmin(broker).deleteQueue(queue);
        } finally {
            broker.destroy();
        }
    }

    /**
     * Holds the broker across the JVMs of the machine (surefire's forks run test classes side by side) until
     * closed: shared by a test that uses it, exclusive by one that restarts it, so that no test sees a restart it
     * did not make. Within one JVM, tests run one at a time and hold it once.
     */
    public static AutoCloseable hold(boolean exclusive) {
        try {
            FileChannel channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            channel.lock(0, Long.MAX_VALUE, !exclusive);
            return channel::close;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + LOCK, e);
        }
    }
}
