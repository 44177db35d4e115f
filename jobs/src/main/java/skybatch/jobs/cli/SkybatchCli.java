package skybatch.jobs.cli;

import picocli.CommandLine;
import skybatch.jobs.operations.GracefulShutdown;

/** Entry point of {@code bin/skybatch}: runs one command and returns the process exit code. */
public final class SkybatchCli {

    private SkybatchCli() {}

    public static int run(String... args) {
        GracefulShutdown.install();
        try (SpringContext context = new SpringContext()) {
            return commandLine(context).execute(args);
        } finally {
            GracefulShutdown.finished();
        }
    }

    static CommandLine commandLine(SpringContext context) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                try {
                    return type.getDeclaredConstructor(SpringContext.class).newInstance(context);
                } catch (NoSuchMethodException noContextNeeded) {
                    return defaults.create(type);
                }
            }
        };
        return new CommandLine(new SkybatchCommand(), factory)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("skybatch: " + rootMessage(e));
                    return e instanceof IllegalArgumentException ? ExitCodes.USAGE : ExitCodes.FAILED;
                });
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == e || cause.getMessage() == null ? String.valueOf(e.getMessage())
                : e.getMessage() + " (" + cause.getMessage() + ")";
    }
}
