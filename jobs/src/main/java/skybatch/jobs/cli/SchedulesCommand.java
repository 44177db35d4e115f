package skybatch.jobs.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import skybatch.jobs.operations.GracefulShutdown;
import skybatch.schedules.control.ScheduleControl;
import skybatch.schedules.control.ScheduleStatus;
import skybatch.schedules.launch.ScheduledLauncher;

@Command(name = "schedules", mixinStandardHelpOptions = true,
        description = "List, pause, resume and fire the schedules that 'serve' runs.",
        subcommands = {SchedulesCommand.ListCommand.class, SchedulesCommand.PauseCommand.class,
                SchedulesCommand.ResumeCommand.class, SchedulesCommand.TriggerCommand.class})
class SchedulesCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Each schedule: its job, cron, whether it is on, its state, next and previous fire times.")
    static class ListCommand implements Callable<Integer> {
        private static final DateTimeFormatter TIME =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

        private final SpringContext context;

        ListCommand(SpringContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            List<ScheduleStatus> schedules = context.bean(ScheduleControl.class).list();
            System.out.printf("%-17s %-17s %-15s %-7s %-8s %-19s  %s%n", "NAME", "JOB", "CRON", "ENABLED", "STATE",
                    "NEXT", "PREVIOUS");
            for (ScheduleStatus s : schedules) {
                System.out.printf("%-17s %-17s %-15s %-7s %-8s %-19s  %s%n", s.name(), s.job(), s.cron(), s.enabled(),
                        s.state(), time(s.next()), time(s.previous()));
            }
            return ExitCodes.COMPLETED;
        }

        private static String time(Instant instant) {
            return instant == null ? "-" : TIME.format(instant);
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Stop firing a schedule, in every serve process, until it is resumed.")
    static class PauseCommand implements Callable<Integer> {
        private final SpringContext context;

        @Parameters(paramLabel = "<name>")
        String name;

        PauseCommand(SpringContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            context.bean(ScheduleControl.class).pause(name);
            System.out.println("schedule " + name + " is paused; resume it with: bin/skybatch schedules resume "
                    + name);
            return ExitCodes.COMPLETED;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Fire a paused schedule again; a plc-sync or reverify-invalid missed meanwhile fires once"
                    + " now.")
    static class ResumeCommand implements Callable<Integer> {
        private final SpringContext context;

        @Parameters(paramLabel = "<name>")
        String name;

        ResumeCommand(SpringContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            context.bean(ScheduleControl.class).resume(name);
            System.out.println("schedule " + name + " is resumed");
            return ExitCodes.COMPLETED;
        }
    }

    @Command(name = "trigger", mixinStandardHelpOptions = true,
            description = {"Fire a schedule once now: a running serve process runs it.",
                    "With --here, run its launch in this process instead, to its end."})
    static class TriggerCommand implements Callable<Integer> {
        private final SpringContext context;

        @Parameters(paramLabel = "<name>")
        String name;

        @Option(names = "--here", description = "Run the job in this process (SIGTERM/SIGINT stop it cleanly)")
        boolean here;

        TriggerCommand(SpringContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws Exception {
            ScheduleControl schedules = context.bean(ScheduleControl.class);
            return here ? runHere(schedules) : fireInServe(schedules);
        }

        private int fireInServe(ScheduleControl schedules) {
            List<String> serving = schedules.fireInServe(name);
            if (serving.isEmpty()) {
                System.err.println("skybatch: no serve process is running (no scheduler has checked in lately): "
                        + "nothing was fired.\nrun it in this process instead with: bin/skybatch schedules trigger "
                        + name + " --here");
                return ExitCodes.FAILED;
            }
            System.out.println("schedule " + name + " fired; a serve process (" + String.join(", ", serving)
                    + ") runs it now. Follow it with: bin/skybatch jobs list");
            return ExitCodes.COMPLETED;
        }

        private int runHere(ScheduleControl schedules) throws Exception {
            ScheduledLauncher launcher = context.bean(ScheduledLauncher.class);
            GracefulShutdown.onSignal(() -> {
                try {
                    launcher.stopRunsAndWait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                Optional<JobExecution> execution = schedules.runHere(name);
                if (execution.isEmpty()) {
                    System.err.println("skybatch: schedule " + name + ": nothing was run (see the warning above)");
                    return ExitCodes.FAILED;
                }
                return ExecutionOutcome.print(execution.get());
            } finally {
                GracefulShutdown.onSignal(null);
            }
        }
    }
}
