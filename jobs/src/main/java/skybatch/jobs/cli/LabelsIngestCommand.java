package skybatch.jobs.cli;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import skybatch.jobs.SkybatchProperties;
import skybatch.jobs.ingest.IngestGroup;
import skybatch.jobs.ingest.StreamIngests;
import skybatch.jobs.labels.internal.Labelers;
import skybatch.jobs.operations.GracefulShutdown;
import skybatch.readers.net.EgressGuard;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Follow every labeler's subscribeLabels into its journal until SIGTERM or SIGINT, each from the"
                + " last seq in its journal (the journal is the cursor); closed, failed or idle"
                + " (SKYBATCH_LABELS_IDLE_TIMEOUT) connections are reopened with backoff."})
class LabelsIngestCommand implements Callable<Integer> {

    private final SpringContext context;

    LabelsIngestCommand(SpringContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        IngestGroup ingests = start(context);
        GracefulShutdown.onSignal(ingests::stop);
        try {
            ingests.await();
        } finally {
            GracefulShutdown.onSignal(null);
        }
        return ExitCodes.COMPLETED;
    }

    /** Every labeler's ingest, started. */
    static IngestGroup start(SpringContext context) {
        SkybatchProperties properties = context.bean(SkybatchProperties.class);
        Labelers labelers = context.bean(Labelers.class);
        if (labelers.isEmpty()) {
            throw new IllegalArgumentException("no labelers to follow: set SKYBATCH_LABELERS (their DIDs)");
        }
        MeterRegistry meters = context.bean(MeterRegistry.class);
        EgressGuard egress = context.bean(EgressGuard.class);
        return new IngestGroup(labelers.all().stream().map(labeler -> StreamIngests.labeler(properties,
                labeler.did(), labeler.endpoint(), labeler.journal(), egress, meters)).toList()).start();
    }
}
