package skybatch.jobs.cli;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import skybatch.jobs.SkybatchProperties;
import skybatch.jobs.ingest.IngestGroup;
import skybatch.jobs.labels.internal.Labelers;
import skybatch.schedules.control.SchedulerService;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the schedules (see 'schedules list'), with the dashboard (/), /metrics (Prometheus) and"
                + " /health over HTTP, until SIGTERM or SIGINT.",
                "Then no more firings; running jobs stop at their next chunk boundary, end STOPPED, and the next"
                        + " firing restarts them; serve exits 0. Several serve processes may share one database:"
                        + " each firing runs once.",
                "The dashboard is read-only unless SKYBATCH_HTTP_TOKEN is set: then its actions (restart, stop,"
                        + " abandon; pause, resume, trigger a schedule) are POSTs carrying that token."})
class ServeCommand extends ServiceCommand {

    ServeCommand(SpringContext context) {
        super(context);
    }

    @Override
    Stop start(String url) throws Exception {
        SchedulerService scheduler = context.bean(SchedulerService.class);
        scheduler.start();
        // the tail runs as a schedule (firehose-tail); the ingest beside it, for as long as serve runs
        IngestGroup firehose = context.bean(SkybatchProperties.class).firehose().enabled()
                ? FirehoseRunCommand.startIngest(context, false) : null;
        // the same for the labels: the tail as schedule label-tail, each labeler's ingest beside it
        IngestGroup labels = context.bean(Labelers.class).isEmpty() ? null : LabelsIngestCommand.start(context);
        System.out.println("skybatch serve: scheduler " + scheduler.instanceId() + " running; " + url
                + "metrics and /health, the dashboard at " + url);
        return () -> {
            scheduler.stopGracefully();
            List<IngestGroup> ingests = Stream.of(firehose, labels).filter(Objects::nonNull).toList();
            ingests.forEach(IngestGroup::stop);
            for (IngestGroup group : ingests) {
                group.await();
            }
        };
    }
}
