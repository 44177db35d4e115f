package skybatch.jobs.cli;

import picocli.CommandLine.Command;

@Command(name = "labels", mixinStandardHelpOptions = true,
        description = {"Labels from the labelers in SKYBATCH_LABELERS: their subscribeLabels journalled on disk, one"
                + " journal per labeler, and applied to the app-view's label table.",
                "Journals: SKYBATCH_LABELS_JOURNALS (default $SKYBATCH_HOME/labels)."},
        subcommands = {LabelsIngestCommand.class, LabelsTailCommand.class, LabelsRunCommand.class,
                LabelsStatusCommand.class})
class LabelsCommand {}
