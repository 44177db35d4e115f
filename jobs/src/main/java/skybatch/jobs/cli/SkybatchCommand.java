package skybatch.jobs.cli;

import picocli.CommandLine.Command;

@Command(name = "skybatch", mixinStandardHelpOptions = true, version = "skybatch 0.1.0",
        description = "Restartable batch jobs that load the AT Protocol network into an app-view's PostgreSQL.",
        subcommands = {ImportPlcCommand.class, VerifyHandlesCommand.class, IdentityCommand.class,
                BackfillCommand.class, FirehoseCommand.class, LabelsCommand.class, ServeCommand.class,
                WorkerCommand.class, SchedulesCommand.class, JobsCommand.class, ReportCommand.class, DbCommand.class},
        footer = {"", "Database: DATABASE_URL (postgresql://user:pass@host:port/db); unset, an embedded",
                "PostgreSQL keeps its data under SKYBATCH_HOME (default ~/.skybatch) and runs in the",
                "background between commands (db status, db stop).",
                "Exit codes: 0 completed, 1 failed, 2 bad usage, 3 stopped (restartable)."})
class SkybatchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
