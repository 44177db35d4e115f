package skybatch.jobs.cli;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
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
            context = start();
        }
        return context;
    }

    /**
     * Starts the context as a web application, with the embedded HTTP server listening on the address ({@code serve}
     * only; other commands run without one).
     *
     * @return the port it listens on (the one chosen when asked for port 0)
     */
    synchronized int startWebServer(String bind, int port) {
        if (context != null) {
            throw new IllegalStateException("the application already runs without a web server");
        }
        // as command-line arguments, these win over application.properties' web-application-type=none
        context = start("--spring.main.web-application-type=servlet", "--server.address=" + bind,
                "--server.port=" + port);
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static ConfigurableApplicationContext start(String... arguments) {
        // GracefulShutdown closes the context after a stopping job has finished, not Spring's own hook
        return new SpringApplicationBuilder(SkybatchApplication.class).registerShutdownHook(false).run(arguments);
    }

    @Override
    public synchronized void close() {
        if (context != null) {
            context.close();
            context = null;
        }
    }
}
