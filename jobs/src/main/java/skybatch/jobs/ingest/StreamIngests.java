package skybatch.jobs.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import skybatch.jobs.SkybatchProperties;
import skybatch.readers.firehose.Journal;
import skybatch.readers.firehose.ingest.IngestSettings;
import skybatch.readers.firehose.ingest.StreamIngest;
import skybatch.readers.firehose.ingest.Subscription;
import skybatch.readers.net.EgressGuard;
import skybatch.readers.syntax.Did;

/** The ingests the settings describe: the firehose's, from its relay, and each labeler's, into their journals. */
public final class StreamIngests {

    private StreamIngests() {}

    /** The firehose journal's directory: SKYBATCH_FIREHOSE_JOURNAL, else {@code $SKYBATCH_HOME/firehose}. */
    public static Path firehoseJournal(SkybatchProperties properties) {
        return properties.firehose().journalPath(properties.homeDirectory());
    }

    /** The firehose's ingest into {@code journal}, from {@code relay} (null: SKYBATCH_FIREHOSE_RELAY). */
    public static StreamIngest firehose(SkybatchProperties properties, URI relay, Journal journal, EgressGuard egress,
            MeterRegistry meters) {
        SkybatchProperties.Firehose settings = properties.firehose();
        Subscription subscription = new Subscription("firehose", relay != null ? relay : URI.create(settings.relay()),
                Subscription.REPOS);
        IngestSettings ingest = IngestSettings.defaults().withIdleTimeout(settings.idleTimeout())
                .withMaxFrameBytes((int) settings.maxFrameSize().toBytes());
        return new StreamIngest(subscription, journal, ingest, egress, meters, Clock.systemUTC());
    }

    /** A labeler's ingest into its journal. */
    public static StreamIngest labeler(SkybatchProperties properties, Did labeler, URI endpoint, Journal journal,
            EgressGuard egress, MeterRegistry meters) {
        Subscription subscription = new Subscription(labeler.value(), endpoint, Subscription.LABELS);
        IngestSettings ingest = IngestSettings.defaults().withIdleTimeout(properties.labels().idleTimeout())
                .withMaxFrameBytes((int) properties.labels().maxFrameSize().toBytes())
                .withRejectionsJournalled(); // the labels tail quarantines them
        return new StreamIngest(subscription, journal, ingest, egress, meters, Clock.systemUTC());
    }
}
