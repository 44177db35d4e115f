package skybatch.jobs;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import skybatch.jobs.cli.SkybatchCli;

/** The skybatch application: its Spring context holds the jobs; {@link SkybatchCli} is the way in. */
@SpringBootApplication
@EnableConfigurationProperties(SkybatchProperties.class)
public class SkybatchApplication {

    public static void main(String[] args) {
        System.exit(SkybatchCli.run(args));
    }
}
