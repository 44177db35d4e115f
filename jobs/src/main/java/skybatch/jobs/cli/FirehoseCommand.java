package skybatch.jobs.cli;

import picocli.CommandLine.Command;

@Command(name = "firehose", mixinStandardHelpOptions = true,
        description = {"The live firehose: the relay's stream journalled on disk, and applied to the dataplane tables.",
                "Journal: SKYBATCH_FIREHOSE_JOURNAL (default $SKYBATCH_HOME/firehose)."},
        subcommands = {FirehoseIngestCommand.class, FirehoseTailCommand.class, FirehoseRunCommand.class,
                FirehoseStatusCommand.class})
class FirehoseCommand {}
