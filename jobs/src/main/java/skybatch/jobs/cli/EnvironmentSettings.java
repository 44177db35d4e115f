package skybatch.jobs.cli;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import skybatch.jobs.SkybatchProperties;

/**
 * The settings, bound from the environment variables and system properties alone, without starting the
 * application (and its database): for commands that need no database, such as {@code firehose ingest}.
 */
final class EnvironmentSettings {

    private EnvironmentSettings() {}

    /** The settings; and the log levels the application would set (application.properties): skybatch INFO, else WARN. */
    static SkybatchProperties bind() {
        LoggingSystem logging = LoggingSystem.get(EnvironmentSettings.class.getClassLoader());
        logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.WARN);
        logging.setLogLevel("skybatch", LogLevel.INFO);
        StandardEnvironment environment = new StandardEnvironment();
        ConfigurationPropertySources.attach(environment);
        return Binder.get(environment).bindOrCreate("skybatch", SkybatchProperties.class);
    }
}
