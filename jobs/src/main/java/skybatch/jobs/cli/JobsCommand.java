package skybatch.jobs.cli;

import java.util.concurrent.Callable;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import skybatch.jobs.operations.JobReports;
import skybatch.jobs.operations.JobRunner;

@Command(name = "jobs", mixinStandardHelpOptions = true, description = "List, inspect, restart and stop job executions.",
        subcommands = {JobsCommand.ListCommand.class, JobsCommand.ShowCommand.class, JobsCommand.RestartCommand.class,
                JobsCommand.StopCommand.class, JobsCommand.AbandonCommand.class})
class JobsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The latest job executions, newest first.")
    static class ListCommand implements Callable<Integer> {
        private final SpringContext context;

        @Option(names = "--json", description = "Print JSON instead of a table")
        boolean json;

        @Option(names = "--limit", defaultValue = "20", description = "How many executions (default ${DEFAULT-VALUE})")
        int limit;

        ListCommand(SpringContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            ExecutionPrinter.list(context.bean(JobReports.class).executions(null, null, limit), json);
            return ExitCodes.COMPLETED;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One execution with its steps.")
    static class ShowCommand implements Callable<Integer> {
        private final SpringContext context;

        @Parameters(paramLabel = "<executionId>")
        long executionId;

        @Option(names = "--json", description = "Print JSON")
        boolean json;

        ShowCommand(SpringContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            ExecutionPrinter.detail(context.bean(JobReports.class).execution(executionId), json);
            return ExitCodes.COMPLETED;
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true,
            description = {"Continue a FAILED or STOPPED execution from its last committed chunk.",
                    "A STARTED one whose process died (kill -9, power loss) is marked FAILED first."})
    static class RestartCommand implements Callable<Integer> {
        private final SpringContext context;

        @Parameters(paramLabel = "<executionId>")
        long executionId;

        RestartCommand(SpringContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws Exception {
            return ExecutionOutcome.print(context.bean(JobRunner.class).restart(executionId));
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Ask a running execution (in any process) to stop at its next chunk boundary.")
    static class StopCommand implements Callable<Integer> {
        private final SpringContext context;

        @Parameters(paramLabel = "<executionId>")
        long executionId;

        StopCommand(SpringContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws Exception {
            context.bean(JobRunner.class).requestStop(executionId);
            System.out.println("execution " + executionId + " is STOPPING; it stops at its next chunk boundary");
            return ExitCodes.COMPLETED;
        }
    }

    @Command(name = "abandon", mixinStandardHelpOptions = true,
            description = "Mark a stopped or failed execution ABANDONED: it will never be restarted.")
    static class AbandonCommand implements Callable<Integer> {
        private final SpringContext context;

        @Parameters(paramLabel = "<executionId>")
        long executionId;

        AbandonCommand(SpringContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws Exception {
            JobExecution execution = context.bean(JobOperator.class).abandon(executionId);
            System.out.println("execution " + executionId + " is " + execution.getStatus());
            return ExitCodes.COMPLETED;
        }
    }
}
