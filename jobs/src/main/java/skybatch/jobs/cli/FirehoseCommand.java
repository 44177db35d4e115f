package skybatch.jobs.cli;

import picocli.CommandLine.Command;

@Command(name = "firehose", mixinStandardHelpOptions = true,
        description = "The live firehose: the relay's stream into a journal, and from it into the tables.",
        subcommands = {FirehoseIngestCommand.class})
class FirehoseCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
