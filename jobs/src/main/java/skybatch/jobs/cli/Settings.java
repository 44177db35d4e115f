package skybatch.jobs.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.ResourcePropertySource;
import skybatch.jobs.SkybatchProperties;

/**
 * skybatch's settings as the application context would bind them (environment, system properties and
 * application.properties), for commands that must not start the context: it would start the database.
 */
final class Settings {

    private Settings() {}

    static SkybatchProperties read() {
        StandardEnvironment environment = new StandardEnvironment();
        try {
            environment.getPropertySources().addLast(new ResourcePropertySource("classpath:application.properties"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Binder.get(environment).bindOrCreate("skybatch", SkybatchProperties.class);
    }
}
