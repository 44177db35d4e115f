package skybatch.readers.firehose.ingest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import skybatch.readers.firehose.Journal;
import skybatch.readers.net.AddressPolicy;
import skybatch.readers.net.EgressGuard;
import skybatch.readers.net.HostResolver;

/** The ingest as a process of its own, for {@link IngestProcessTest} to kill: {@code <relay url> <journal dir>}. */
public final class IngestChild {

    private IngestChild() {}

    public static void main(String[] args) throws InterruptedException {
        try (Journal journal = Journal.open(Path.of(args[1]));
                EgressGuard egress = EgressGuard.start(AddressPolicy.publicOnly().allowing("127.0.0.1"),
                        HostResolver.system())) {
            new StreamIngest(new Subscription("firehose", URI.create(args[0]), Subscription.REPOS), journal,
                    IngestSettings.defaults().withBackoff(Duration.ofMillis(20), Duration.ofMillis(200)),
                    egress, new SimpleMeterRegistry(), Clock.systemUTC())
                    .run(OptionalLong.of(0));
        }
    }
}
