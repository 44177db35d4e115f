package skybatch.jobs;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * skybatch's settings. Each can be given as an environment variable (SKYBATCH_DATAPLANE_SCHEMA,
 * SKYBATCH_PLC_CHUNK_SIZE, ...) or a {@code --skybatch.x=y} argument; the README lists them.
 *
 * @param databaseUrl the PostgreSQL to use (DATABASE_URL); empty: an embedded PostgreSQL under {@code home}
 * @param home where skybatch keeps its embedded database (SKYBATCH_HOME, default ~/.skybatch)
 * @param dataplaneSchema the schema of the app-view's tables (actor, did_cache, ...)
 * @param allowAddresses address ranges (CIDR) that every outbound client may contact although they are not public
 *     (SKYBATCH_ALLOW_ADDRESSES); empty: public addresses only
 * @param labelers the labelers whose labels to follow (SKYBATCH_LABELERS): DIDs, each optionally {@code =URL} to
 *     name its endpoint instead of its DID document's {@code #atproto_labeler} service
 */
@ConfigurationProperties("skybatch")
public record SkybatchProperties(
        @DefaultValue("") String databaseUrl,
        @DefaultValue("") String home,
        @DefaultValue("bsky") String dataplaneSchema,
        @DefaultValue List<String> allowAddresses,
        @DefaultValue Plc plc,
        @DefaultValue Identity identity,
        @DefaultValue Verify verify,
        @DefaultValue Backfill backfill,
        @DefaultValue Firehose firehose,
        @DefaultValue List<String> labelers,
        @DefaultValue Labels labels) {

    /** SKYBATCH_HOME, or ~/.skybatch. */
    public Path homeDirectory() {
        return home.isBlank() ? Path.of(System.getProperty("user.home"), ".skybatch") : Path.of(home);
    }

    /**
     * @param chunkSize lines per transaction, per worker (large, so that a merge chunk's DIDs share the index pages
     *     it reads: see PlcIdentityWriter)
     * @param pageSize operations per page of the export endpoint (the PLC directory allows at most 1000)
     * @param skipLimit how many bad lines one worker may quarantine before it fails; -1: no limit
     * @param partitions how many workers import a file at once, each its own share of the DIDs
     * @param firstLoad an import that starts on empty identity tables loads them (chunks into a stage, the tables
     *     built from it at the end) instead of merging each chunk; false: always merge
     */
    public record Plc(
            @DefaultValue("50000") int chunkSize,
            @DefaultValue("1000") int pageSize,
            @DefaultValue("30s") Duration httpTimeout,
            @DefaultValue("-1") long skipLimit,
            @DefaultValue("2") int partitions,
            @DefaultValue("true") boolean firstLoad) {}

    /**
     * How handles and DIDs are resolved over the network.
     *
     * @param dnsServers recursive DNS servers as host:port; empty: the system's
     * @param httpProxy send every handle and did:web request through this host:port (egress control, tests)
     * @param httpScheme the scheme of handle and did:web requests (https; tests use http)
     * @param maxInFlight DNS queries and HTTP requests in flight in all
     * @param perHostConcurrency requests in flight to one host
     * @param perHostRate requests per second to one host
     * @param cacheHits how long {@code identity resolve} keeps an answer
     * @param cacheFailures how long it keeps a failure
     */
    public record Identity(
            @DefaultValue List<String> dnsServers,
            @DefaultValue("3s") Duration dnsTimeout,
            @DefaultValue("5s") Duration httpTimeout,
            @DefaultValue("") String httpProxy,
            @DefaultValue("https") String httpScheme,
            @DefaultValue("https://plc.directory") URI plcUrl,
            @DefaultValue("1024") int maxInFlight,
            @DefaultValue("8") int perHostConcurrency,
            @DefaultValue("20") double perHostRate,
            @DefaultValue("24h") Duration cacheHits,
            @DefaultValue("5m") Duration cacheFailures) {}

    /**
     * verifyHandlesJob.
     *
     * @param chunkSize DIDs checked at once and written per transaction, per worker
     * @param partitions workers, each its own share of the DIDs
     * @param priorityHosts PDS hosts whose DIDs are checked first after never-checked ones
     * @param validFor when a valid handle is checked again
     * @param invalidFor when an invalid handle is checked again
     */
    public record Verify(
            @DefaultValue("2000") int chunkSize,
            @DefaultValue("2") int partitions,
            @DefaultValue List<String> priorityHosts,
            @DefaultValue("24h") Duration validFor,
            @DefaultValue("7d") Duration invalidFor) {}

    /**
     * backfillReposJob.
     *
     * @param chunkSize repository records per transaction
     * @param partitions how many workers backfill at once, each its own share of the queued repositories
     * @param listPageSize repositories per listRepos page (PDSes allow at most 1000)
     * @param httpTimeout for connecting to a PDS and for its response headers
     * @param repoTimeout for downloading one repository
     * @param maxRepoSize larger repositories are not downloaded: they end failed
     * @param repoMemory block bytes of one repository kept on the heap; the rest waits in a file under
     *     {@code spillDirectory} (default: the system's temporary directory)
     * @param pdsConcurrency requests at once to one PDS, all workers together
     * @param pdsRequestsPerSecond request starts per second to one PDS, all workers together
     * @param retries how often a transient failure (network, 5xx, 429) is retried, with backoff from
     *     {@code retryDelay} doubling to a minute
     */
    public record Backfill(
            @DefaultValue("5000") int chunkSize,
            @DefaultValue("4") int partitions,
            @DefaultValue("1000") int listPageSize,
            @DefaultValue("30s") Duration httpTimeout,
            @DefaultValue("30m") Duration repoTimeout,
            @DefaultValue("8GB") DataSize maxRepoSize,
            @DefaultValue("256MB") DataSize repoMemory,
            @DefaultValue("") String spillDirectory,
            @DefaultValue("4") int pdsConcurrency,
            @DefaultValue("20") double pdsRequestsPerSecond,
            @DefaultValue("5") int retries,
            @DefaultValue("1s") Duration retryDelay) {

        /** Where repositories larger than {@code repoMemory} spill their blocks. */
        public Path spillPath() {
            return spillDirectory.isBlank() ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of(spillDirectory);
        }
    }

    /**
     * The live firehose: the ingest of the relay's stream into the journal, and the tail that applies it.
     *
     * @param journal the journal's directory (SKYBATCH_FIREHOSE_JOURNAL); empty: {@code $SKYBATCH_HOME/firehose}
     * @param relay the relay whose stream the ingest journals (SKYBATCH_FIREHOSE_RELAY)
     * @param retention how long applied journal hours are kept (SKYBATCH_FIREHOSE_RETENTION)
     * @param enabled whether {@code serve} runs ingest and tail (SKYBATCH_FIREHOSE_ENABLED)
     * @param chunkSize the most events the tail applies in one transaction (a chunk also ends when the journal has
     *     nothing more for now, so a larger one speeds a catch-up and leaves the steady lag alone)
     * @param idleCommit with nothing new in the journal, how often the tail still ends a chunk (to see a stop)
     * @param backfillNewRepos whether a repository first seen in the stream is also queued for a backfill
     * @param idleTimeout the ingest reconnects when no message arrived for this long
     * @param maxFrameSize the ingest does not journal larger messages
     */
    public record Firehose(
            @DefaultValue("") String journal,
            @DefaultValue("wss://bsky.network") String relay,
            @DefaultValue("72h") Duration retention,
            @DefaultValue("false") boolean enabled,
            @DefaultValue("5000") int chunkSize,
            @DefaultValue("1s") Duration idleCommit,
            @DefaultValue("true") boolean backfillNewRepos,
            @DefaultValue("60s") Duration idleTimeout,
            @DefaultValue("5MB") DataSize maxFrameSize) {

        /** The journal's directory. */
        public Path journalPath(Path home) {
            return journal.isBlank() ? home.resolve("firehose") : Path.of(journal);
        }
    }

    /**
     * The labels of the labelers in SKYBATCH_LABELERS: one journal per labeler, and the tail that applies them.
     *
     * @param journals the directory of the labelers' journals (SKYBATCH_LABELS_JOURNALS); empty:
     *     {@code $SKYBATCH_HOME/labels}, one directory per labeler below it
     * @param chunkSize the most journal entries the tail applies in one transaction
     * @param idleCommit with nothing new in a journal, how often the tail still ends a chunk (to see a stop)
     * @param retention how long applied journal hours are kept
     * @param idleTimeout the ingest reconnects when no message arrived for this long (labelers are quiet for long)
     * @param maxFrameSize the ingest does not journal larger messages (it leaves an entry the tail quarantines)
     */
    public record Labels(
            @DefaultValue("") String journals,
            @DefaultValue("1000") int chunkSize,
            @DefaultValue("1s") Duration idleCommit,
            @DefaultValue("72h") Duration retention,
            @DefaultValue("15m") Duration idleTimeout,
            @DefaultValue("5MB") DataSize maxFrameSize) {

        /** The directory of the labelers' journals. */
        public Path journalsPath(Path home) {
            return journals.isBlank() ? home.resolve("labels") : Path.of(journals);
        }
    }
}
