package skybatch.jobs;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import skybatch.jobs.cli.SkybatchCli;

/** The skybatch application: its Spring context holds the jobs; {@link SkybatchCli} is the way in. */
@SpringBootApplication
@EnableConfigurationProperties(SkybatchProperties.class)
public class SkybatchApplication {

    private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    public static void main(String[] args) {
        avoidThreadPerTaskFutures();
        System.exit(SkybatchCli.run(args));
    }

    /**
     * On one or two processors the common pool has a parallelism of one, and CompletableFuture then starts a new
     * thread for every asynchronous step without an executor. The JDK HTTP client hands each response on through
     * such a step, which slowed handle verification by a sixth on two cores. A parallelism of two avoids that. It
     * must be set before anything touches the common pool; an operator's own setting wins.
     */
    public static void avoidThreadPerTaskFutures() {
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null && Runtime.getRuntime().availableProcessors() <= 2) {
            System.setProperty(COMMON_POOL_PARALLELISM, "2");
        }
    }
}
