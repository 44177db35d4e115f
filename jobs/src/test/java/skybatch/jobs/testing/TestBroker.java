package skybatch.jobs.testing;

import java.net.URI;
import java.util.UUID;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * The machine's RabbitMQ on 127.0.0.1:5672 (guest/guest; {@code .ci/run} starts it), with a queue of one test run's
 * own, so that tests and benchmarks running beside each other never share requests.
 */
public final class TestBroker {

    public static final String URL = "amqp://guest:guest@127.0.0.1:5672";

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
}
