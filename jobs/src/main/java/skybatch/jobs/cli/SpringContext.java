package skybatch.jobs.cli;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import skybatch.jobs.SkybatchApplication;

/** Starts the application context on first use; the CLI closes it when the command is done. */
final class SpringContext implements AutoCloseable {

    private ConfigurableApplicationContext context;

    <T> T bean(Class<T> type) {
        return get().getBean(type);
    }

    <T> T bean(String name, Class<T> type) {
        return get().getBean(name, type);
    }

    private synchronized ConfigurableApplicationContext get() {
        if (context == null) {
            // GracefulShutdown closes the context after a stopping job has finished, not Spring's own hook
            context = new SpringApplicationBuilder(SkybatchApplication.class).registerShutdownHook(false).run();
        }
        return context;
    }

    @Override
    public synchronized void close() {
        if (context != null) {
            context.close();
            context = null;
        }
    }
}
